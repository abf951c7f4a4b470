package dev.slipway.operate.up;

import dev.slipway.apply.terraform.TerraformWorkspace;
import dev.slipway.operate.Step;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.function.Function;

/**
 * Wait for the API server through its load balancer: the URL is Terraform's output {@code api_server_url}
 * ({@code https://api.ENV.DOMAIN:6443}, the Route 53 alias of the load balancer), the client the identity-guarded
 * one (the server must prove the environment's CA before any request), the question {@code /readyz}. Done when it
 * answers {@code ok}. While controllers boot, DNS may not resolve yet and the load balancer may have no healthy
 * target: both are "not yet", until the timeout.
 */
final class ApiServerStep implements Step {
    static final String URL_OUTPUT = "api_server_url";

    private final TerraformWorkspace terraform;
    private final Function<String, KubernetesClient> connect;
    private final Duration timeout;
    private final Duration interval;
    private String lastProblem = "";

    ApiServerStep(TerraformWorkspace terraform, Function<String, KubernetesClient> connect, Duration timeout,
            Duration interval) {
        this.terraform = terraform;
        this.connect = connect;
        this.timeout = timeout;
        this.interval = interval;
    }

    @Override
    public String name() {
        return "API server";
    }

    @Override
    public String intent() {
        return "wait until the API server answers /readyz through its load balancer (up to " + timeout.toSeconds()
                + " s)";
    }

    @Override
    public Check check() {
        String url = url();
        return ready(url) ? Check.done(url + " is ready") : Check.toDo(url + ": " + lastProblem);
    }

    @Override
    public String run() {
        String url = url();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready(url)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the API server at " + url + " was not ready within "
                        + timeout.toSeconds() + " s (last answer: " + lastProblem + "); read a controller's console"
                        + " (README: When a node does not come up), then run up again");
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the API server");
            }
        }
        return url + " is ready";
    }

    private String url() {
        return terraform.output(URL_OUTPUT).orElseThrow(() -> new IllegalStateException("Terraform's state has no"
                + " output " + URL_OUTPUT + ": run infra apply first"));
    }

    /** One readiness question; an identity mismatch is not "not yet" and fails the step. */
    private boolean ready(String url) {
        try (KubernetesClient client = connect.apply(url)) {
            String answer = client.raw("/readyz");
            lastProblem = answer == null ? "no answer" : answer.strip();
            return "ok".equals(lastProblem);
        } catch (dev.slipway.apply.ClusterIdentityMismatchException e) {
            throw e;
        } catch (RuntimeException e) {
            lastProblem = e.getClass().getSimpleName() + ": " + e.getMessage();
            return false;
        }
    }
}
