package dev.slipway.cli;

import dev.slipway.apply.ClusterIdentity;
import dev.slipway.apply.KubernetesClients;
import dev.slipway.apply.dashboards.DashboardPorts;
import dev.slipway.apply.dashboards.DashboardServer;
import dev.slipway.pki.ClusterPki;
import dev.slipway.pki.EnvironmentPki;
import dev.slipway.pki.KubeconfigEntry;
import dev.slipway.pki.KubeconfigFile;
import dev.slipway.pki.PkiEntry;
import dev.slipway.plan.Workspace;
import dev.slipway.render.k8s.addons.AddonUis;
import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.awt.Desktop;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway dashboards}: the environment's UIs on 127.0.0.1, through the API server; replaces kubectl proxy. */
@Command(name = "dashboards",
        mixinStandardHelpOptions = true,
        description = {
            "Serve the environment's web UIs on 127.0.0.1 until Ctrl-C.",
            "An index page (environment, cluster, CA fingerprint; protected environments in red) has one card per UI"
                    + " (Headlamp, Grafana, OpenSearch Dashboards, Prometheus, mongo-express); each UI has its own"
                    + " port and is proxied through the API server with the environment's credentials.",
            "The browser never holds a cluster credential: Grafana is signed in by Slipway, and Headlamp with a"
                    + " short-lived token Slipway mints (read-only; admin for 15 minutes after the index page's"
                    + " button). The port is the same for an environment every time, so it can be bookmarked.",
        },
        footer = {
            "",
            "Examples:",
            "  slipway dashboards --env acc --open",
            "  slipway dashboards --env prod --port 28000",
        })
public final class DashboardsCommand implements Callable<Integer> {
    @Mixin
    SpecOption specOption;
    @Mixin
    EnvOption envOption;
    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "Base port: the index page; UIs on N+1, N+2, ..."
            + " (default: derived from the cluster name, the same every run).")
    Integer port;

    @Option(names = "--open", description = "Open the index page in the browser.")
    boolean open;

    @Option(names = "--server", paramLabel = "URL", description = "API server URL (default: https://api.ENV.DOMAIN:6443).")
    String server;

    @Override
    public Integer call() throws Exception {
        Workspace ws = specOption.load();
        Environment env = ws.environment(envOption.name());
        if (port != null && (port < 1024 || port > 65000)) {
            throw new InvalidInputException("--port " + port + ": expected 1024 to 65000");
        }
        int base = port != null ? port : DashboardPorts.base(env.clusterName());
        ClusterIdentity identity = KubernetesClients.identity(env.name(), ws.stateStore(env.name()))
                .orElseThrow(() -> new InvalidInputException("environment " + env.name() + " has no cluster CA;"
                        + " run: slipway certs --env " + env.name()));
        ClusterPki pki = EnvironmentPki.withSystemClock(ws.stateStore(env.name())).load();
        String url = server != null ? server : "https://" + env.apiHostname() + ":6443";
        String kubeconfig = KubeconfigFile.render(KubeconfigEntry.of(env.clusterName(), url, pki, PkiEntry.ADMIN));
        List<AddonUis.Ui> uis = AddonUis.of(env);
        PrintWriter out = spec.commandLine().getOut();
        try (KubernetesClient client = KubernetesClients.forEnvironment(ws, env).connect(kubeconfig);
                DashboardServer server = DashboardServer.start(client, ws.stateStore(env.name()),
                        new DashboardServer.Banner(env.name(),
                        env.clusterName(), identity.fingerprint(), env.protectedEnv()), uis, base)) {
            out.printf("%s dashboards of %s (%s): %s%n", env.protectedEnv() ? "PROTECTED" : "serving",
                    env.name(), env.clusterName(), server.indexUrl());
            for (int i = 0; i < uis.size(); i++) {
                out.printf("  %-22s %s%n", uis.get(i).key(), server.uiUrl(i));
            }
            out.println("Ctrl-C stops.");
            out.flush();
            if (open) {
                openBrowser(server.indexUrl(), out);
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        }
        return ExitCodes.OK;
    }

    private static void openBrowser(String url, PrintWriter out) {
        try {
            if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                Desktop.getDesktop().browse(URI.create(url));
                return;
            }
            new ProcessBuilder("xdg-open", url).inheritIO().start();
        } catch (Exception e) {
            out.println("could not open a browser (" + e.getMessage() + "); open " + url);
        }
    }
}
