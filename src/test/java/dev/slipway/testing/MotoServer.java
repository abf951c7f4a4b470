package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real moto server (PyPI {@code moto[server]}, pinned in {@code testing/requirements.txt}) on a free loopback
 * port: the AWS the tests talk to. Started by {@link MotoExtension}, one per test class; {@link #reset()} wipes all
 * state between tests.
 *
 * <p>The executable is {@code moto_server} on the PATH, or the one named by the {@code MOTO_SERVER} environment
 * variable / {@code slipway.moto.server} system property.
 */
public final class MotoServer implements AutoCloseable {
    /** moto accepts any credentials; these make it obvious in logs that nothing real is used. */
    public static final String ACCESS_KEY = "testing";
    public static final String SECRET_KEY = "testing";
    public static final Region REGION = Region.EU_WEST_1;
    /** How long moto's ACM keeps a requested certificate PENDING_VALIDATION. */
    public static final String ACM_VALIDATION_WAIT_SECONDS = "2";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final HarnessProcess process;
    private final int port;

    private final Thread stopOnExit;

    private MotoServer(HarnessProcess process, int port) {
        this.process = process;
        this.port = port;
        // A JVM ended by SIGTERM (Surefire's fork timeout, Ctrl-C, CI's stop) runs no @AfterAll: without this hook
        // moto would be orphaned, holding its port.
        this.stopOnExit = new Thread(process::close, "moto-server-stop-" + port);
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Starts moto and waits until it answers; retries on another port if the chosen one was taken meanwhile. */
    public static MotoServer start() {
        return start(Map.of());
    }

    /**
     * A moto that enforces IAM (identity-based policies, unknown keys refused) after its first {@code freeActions}
     * requests (moto's {@code INITIAL_NO_AUTH_ACTION_COUNT}): the free ones make the users and keys a test needs,
     * then a request without permission is answered AccessDenied as AWS would. For tests of refusals only; the
     * others run without it.
     */
    public static MotoServer startEnforcingIamAfter(int freeActions) {
        return start(Map.of("INITIAL_NO_AUTH_ACTION_COUNT", Integer.toString(freeActions)));
    }

    /** A moto with settings of its own ({@code MOTO_S3_ALLOW_CROSSACCOUNT_ACCESS=false}, ...) for one test class. */
    public static MotoServer start(Map<String, String> extraEnvironment) {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = FreePorts.loopback();
            try {
                return startOn(port, extraEnvironment);
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    private static MotoServer startOn(int port, Map<String, String> extraEnvironment) {
        Path log;
        Path dir;
        try {
            dir = GoldenFiles.repo().resolve("target/moto");
            Files.createDirectories(dir);
            log = dir.resolve("moto-" + port + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>(List.of(executable(), "-H", "127.0.0.1", "-p", Integer.toString(port)));
        HarnessProcess p;
        try {
            // Where moto's request recorder (MotoRecording) writes, when a test starts it: beside the log, not in
            // the working directory (moto's default, the repository).
            // ACM: a requested certificate turns ISSUED this many seconds after the request (moto's default, 60,
            // would make every deploy with a hostname wait a minute); long enough for deploy to see it pending.
            Map<String, String> env = new java.util.HashMap<>(Map.of("MOTO_RECORDER_FILEPATH",
                    dir.resolve("moto-" + port + ".recording").toString(), "MOTO_ACM_VALIDATION_WAIT",
                    ACM_VALIDATION_WAIT_SECONDS));
            env.putAll(extraEnvironment);
            p = HarnessProcess.start("moto_server", cmd, log, env);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("cannot start " + cmd.get(0) + " (install the test tools: pip install -r"
                    + " testing/requirements.txt): " + e.getCause().getMessage(), e);
        }
        MotoServer server = new MotoServer(p, port);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                server.close();
                throw new IllegalStateException("moto_server exited; end of " + log + ":\n" + p.logTail());
            }
            if (server.answers()) {
                return server;
            }
            sleep(100);
        }
        server.close();
        throw new IllegalStateException("moto_server did not answer on port " + port + " within " + START_TIMEOUT
                + "; see " + log);
    }

    private static String executable() {
        String fromProperty = System.getProperty("slipway.moto.server");
        if (fromProperty != null && !fromProperty.isBlank()) {
            return fromProperty;
        }
        String fromEnv = System.getenv("MOTO_SERVER");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : "moto_server";
    }

    private boolean answers() {
        try {
            HttpURLConnection c = (HttpURLConnection) endpoint().resolve("/moto-api/data.json").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            int code = c.getResponseCode();
            c.disconnect();
            return code == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Wipes every resource in every service: each test starts from an empty AWS account. */
    public void reset() {
        try {
            HttpURLConnection c = (HttpURLConnection) endpoint().resolve("/moto-api/reset").toURL().openConnection();
            c.setRequestMethod("POST");
            c.setConnectTimeout(2000);
            c.setReadTimeout(10000);
            int code = c.getResponseCode();
            c.disconnect();
            if (code != 200) {
                throw new IllegalStateException("moto reset answered " + code);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reset moto: " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT}: what {@code AWS_ENDPOINT_URL} is set to for tools that run against moto. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    /**
     * Environment variables that point the AWS CLI, the SDK's default chain and Slipway at this server, as the AWS
     * CLI's conventions name them.
     */
    public Map<String, String> environment() {
        return Map.of(
                "AWS_ENDPOINT_URL", endpoint().toString(),
                "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", SECRET_KEY,
                "AWS_REGION", REGION.id(),
                "AWS_EC2_METADATA_DISABLED", "true");
    }

    /** An S3 client with path-style addressing (moto on an IP address has no virtual-host buckets). */
    public S3Client s3() {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .region(REGION)
                .credentialsProvider(credentials())
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public Ec2Client ec2() {
        return Ec2Client.builder()
                .endpointOverride(endpoint())
                .region(REGION)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public AutoScalingClient autoScaling() {
        return AutoScalingClient.builder()
                .endpointOverride(endpoint())
                .region(REGION)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public Path log() {
        return process.log();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops moto and every process it started (the pyenv/venv launcher may sit in between). */
    @Override
    public void close() {
        process.close();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or has run
        }
    }


    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for moto", e);
        }
    }
}
