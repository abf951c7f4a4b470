package dev.slipway.testing.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One try of a container's probe, as pkg/kubelet/prober does it: httpGet (a status 200-399 within
 * {@code timeoutSeconds} succeeds; sent from outside the container to the Pod IP, here by curl inside the Pod's
 * network namespace), tcpSocket (a connection accepted), exec (the command, run in the container as the container's
 * user, exits 0). gRPC probes are refused.
 */
final class PodProbe {
    private final Probe probe;
    private final Container container;
    private final String podIp;
    /** Turns a command into one run in the Pod's network namespace ({@code inContainer}: also in its root). */
    private final Function<List<String>, List<String>> inNetwork;
    private final Function<List<String>, List<String>> inContainer;

    PodProbe(Probe probe, Container container, String podIp, Function<List<String>, List<String>> inNetwork,
            Function<List<String>, List<String>> inContainer) {
        if (probe.getGrpc() != null) {
            throw new UnsupportedOperationException("gRPC probes are not run (container " + container.getName() + ")");
        }
        this.probe = probe;
        this.container = container;
        this.podIp = podIp;
        this.inNetwork = inNetwork;
        this.inContainer = inContainer;
    }

    int initialDelaySeconds() {
        return probe.getInitialDelaySeconds() == null ? 0 : probe.getInitialDelaySeconds();
    }

    int periodSeconds() {
        return probe.getPeriodSeconds() == null ? 10 : probe.getPeriodSeconds();
    }

    int failureThreshold() {
        return probe.getFailureThreshold() == null ? 3 : probe.getFailureThreshold();
    }

    int successThreshold() {
        return probe.getSuccessThreshold() == null ? 1 : probe.getSuccessThreshold();
    }

    private int timeoutSeconds() {
        return probe.getTimeoutSeconds() == null ? 1 : probe.getTimeoutSeconds();
    }

    /** Runs the probe once; what it saw, for the log ("200", "refused", "exit 1"). */
    Result once() {
        if (probe.getHttpGet() != null) {
            var get = probe.getHttpGet();
            String scheme = get.getScheme() == null ? "http" : get.getScheme().toLowerCase(Locale.ROOT);
            String host = get.getHost() == null || get.getHost().isEmpty() ? podIp : get.getHost();
            String url = scheme + "://" + host + ":" + port(get.getPort()) + (get.getPath() == null ? "/"
                    : get.getPath());
            Run r = run(inNetwork.apply(List.of("curl", "-sk", "-o", "/dev/null", "-w", "%{http_code}", "-m",
                    String.valueOf(timeoutSeconds()), url)));
            String status = r.out().strip();
            return new Result(status.matches("[23]\\d\\d"), "GET " + url + ": " + status);
        }
        if (probe.getTcpSocket() != null) {
            int port = port(probe.getTcpSocket().getPort());
            Run r = run(inNetwork.apply(List.of("timeout", String.valueOf(timeoutSeconds()), "bash", "-c",
                    "exec 3<>/dev/tcp/" + podIp + "/" + port)));
            return new Result(r.status() == 0, "tcp " + podIp + ":" + port + ": exit " + r.status());
        }
        if (probe.getExec() != null) {
            Run r = run(inContainer.apply(probe.getExec().getCommand()));
            return new Result(r.status() == 0, "exec " + probe.getExec().getCommand() + ": exit " + r.status());
        }
        throw new UnsupportedOperationException("probe " + probe + " is not run");
    }

    record Result(boolean success, String detail) {
    }

    private record Run(int status, String out) {
    }

    private Run run(List<String> command) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeoutSeconds() + 5L, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(-1, "timeout");
            }
            return new Run(p.exitValue(), out);
        } catch (IOException e) {
            return new Run(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(-1, "interrupted");
        }
    }

    private int port(IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        String name = port.getStrVal();
        if (name.matches("\\d+")) {
            return Integer.parseInt(name);
        }
        return container.getPorts().stream().filter(p -> name.equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("probe names no port of the container: " + name));
    }
}
