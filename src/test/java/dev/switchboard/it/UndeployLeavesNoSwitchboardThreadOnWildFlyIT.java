package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.it.support.Eventually;
import dev.switchboard.it.support.Http;
import dev.switchboard.it.support.SgcClient;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Nothing of Switchboard's outlives an undeploy: the EAR is deployed, used (an sgc WebSocket with a subscription, an
 * SSE stream, a request through a forwarding route) and undeployed twenty times while a probe deployed on its own reads
 * the server JVM's live threads and classes; afterwards the live thread count is back at its value after a first
 * warm-up cycle, no live thread is named for Switchboard or carries one of its deployments' class loaders, and the
 * deployments' class loaders are collected: between the tenth cycle and the twentieth the JVM, after full collections,
 * gains fewer classes and less metaspace than five deployments of the EAR load, and it unloads at least half of the ten
 * deployments' classes. A leak of every cycle would add ten deployments, a leak of every other cycle five.
 *
 * <p>Why not "back at the warm-up's": the container keeps some undeployed applications reachable for as long as its
 * idle threads wait. An idle Undertow worker, or an idle thread of the default managed executor, still has the last
 * task it ran in a local of its run loop's frame; when that task was a request to the application (Undertow's dispatch
 * task holds the servlet context, and through the deployment info the class loader), the application stays until the
 * thread runs something else or ends. That holds at most one deployment per idle container thread, however many cycles
 * run, so the test measures growth across cycles rather than the absolute count. (Read off a heap dump of WildFly 39
 * after eight cycles: of the three deployments still reachable, each was held by a frame of {@code default task-N} or
 * {@code default-threads - N}.)
 *
 * <p>The warm-up cycle puts the lazily created container pools (Undertow's I/O and task threads, the EE
 * concurrency threads, the messaging threads of the EJB module) into the baseline. Connections stay open while the
 * EAR is undeployed, so the undeploy also has to end what belongs to open connections.
 */
@ExtendWith(ArquillianExtension.class)
class UndeployLeavesNoSwitchboardThreadOnWildFlyIT {

    private static final String PROBE = "thread-probe";
    private static final String SWITCHBOARD = "switchboard";
    private static final int CYCLES = 20;
    /** Time for the container's undeploy to finish its asynchronous clean-up and for idle pool threads to end. */
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private static final String CHANNEL = "it.threads";

    @ArquillianResource
    Deployer deployer;

    @ArquillianResource
    @OperateOnDeployment(PROBE)
    URL probe;

    @Deployment(name = PROBE, testable = false, order = 1)
    static WebArchive probe() {
        return Deployments.threadProbe();
    }

    @Deployment(name = SWITCHBOARD, managed = false, testable = false, order = 2)
    static EnterpriseArchive switchboard() {
        int port = 8080 + Integer.getInteger("wildfly.port.offset", 11000);
        return Deployments.earWithForwardingRoute("http://127.0.0.1:" + port + "/" + PROBE + "/");
    }

    /** The server's live threads as the probe saw them. */
    private record Threads(int count, List<String> names, List<String> switchboard) {

        static Threads parse(String body) {
            String[] lines = body.split("\n");
            List<String> names = new ArrayList<>();
            List<String> switchboard = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                String[] fields = lines[i].split("\t", 2);
                String name = fields[0];
                String loader = fields.length > 1 ? fields[1] : "";
                names.add(name);
                // A thread is Switchboard's by name, or by carrying a class loader of one of its deployments.
                if (name.toLowerCase(java.util.Locale.ROOT).startsWith("switchboard")
                        || loader.contains("deployment." + SWITCHBOARD + ".ear")) {
                    switchboard.add(name + " (" + loader + ")");
                }
            }
            return new Threads(Integer.parseInt(lines[0].strip()), names, switchboard);
        }

        /** Names alive now that were not alive in the baseline, counted per name. */
        List<String> addedSince(Threads baseline) {
            Map<String, Integer> remaining = new HashMap<>();
            baseline.names.forEach(name -> remaining.merge(name, 1, Integer::sum));
            List<String> added = new ArrayList<>();
            for (String name : names) {
                if (remaining.merge(name, -1, Integer::sum) < 0) {
                    added.add(name);
                }
            }
            return added.stream().sorted().toList();
        }
    }

    /** The probe's class figures after full collections. */
    private record Classes(long loaded, long unloaded, long metaspace) {

        static Classes parse(String body) {
            String[] fields = body.strip().split(" ");
            return new Classes(Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2]));
        }
    }

    @Test
    void twentyDeployUndeployCyclesLeaveTheThreadsAndTheClassesWhereTheyWere() throws Exception {
        cycle(() -> {});
        Threads baseline = Eventually.await(
                "no Switchboard thread after the warm-up cycle",
                this::threads,
                threads -> threads.switchboard().isEmpty(),
                SETTLE);
        Classes before = classes();
        Classes[] deployed = new Classes[1];
        cycle(() -> deployed[0] = classes());
        // What one deployment of the EAR adds, measured while it is deployed and in use.
        long deploymentClasses = deployed[0].loaded() - before.loaded();
        long deploymentMetaspace = deployed[0].metaspace() - before.metaspace();
        assertThat(deploymentClasses).as("classes one deployment loads").isGreaterThan(1000);

        for (int i = 1; i < CYCLES / 2; i++) {
            cycle(() -> {});
        }
        Classes halfway = classes();
        for (int i = CYCLES / 2; i < CYCLES; i++) {
            cycle(() -> {});
        }

        int measured = CYCLES - CYCLES / 2;
        long bound = measured / 2 * deploymentClasses;
        Classes classes;
        try {
            classes = Eventually.await(
                    "the classes of the undeployed EARs unloaded",
                    this::classes,
                    now -> now.loaded() - halfway.loaded() < bound,
                    SETTLE);
        } catch (AssertionError timedOut) {
            classes = classes();
        }
        System.out.printf(
                "redeploy: one deployment %d classes, %d bytes of metaspace; cycles %d to %d gained %d classes and"
                        + " %d bytes of metaspace and unloaded %d classes%n",
                deploymentClasses,
                deploymentMetaspace,
                CYCLES / 2 + 1,
                CYCLES,
                classes.loaded() - halfway.loaded(),
                classes.metaspace() - halfway.metaspace(),
                classes.unloaded() - halfway.unloaded());
        assertThat(classes.loaded() - halfway.loaded())
                .as(
                        "classes gained over cycles %d to %d (from %s to %s); one deployment loads %d",
                        CYCLES / 2 + 1, CYCLES, halfway, classes, deploymentClasses)
                .isLessThan(bound);
        assertThat(classes.unloaded() - halfway.unloaded())
                .as("classes unloaded over %d cycles of %d classes each", measured, deploymentClasses)
                .isGreaterThanOrEqualTo(bound);
        assertThat(classes.metaspace() - halfway.metaspace())
                .as(
                        "metaspace gained over cycles %d to %d; one deployment takes %d",
                        CYCLES / 2 + 1, CYCLES, deploymentMetaspace)
                .isLessThan(measured / 2 * deploymentMetaspace);

        Threads after;
        try {
            after = Eventually.await(
                    "the live thread count back at " + baseline.count() + " and no Switchboard thread",
                    this::threads,
                    threads -> threads.count() <= baseline.count()
                            && threads.switchboard().isEmpty(),
                    SETTLE);
        } catch (AssertionError timedOut) {
            after = threads();
        }
        assertThat(after.switchboard())
                .as("threads of Switchboard alive after %d undeploys", CYCLES)
                .isEmpty();
        assertThat(after.count())
                .as(
                        "live threads after %d cycles (baseline %d); added since the baseline: %s",
                        CYCLES, baseline.count(), after.addedSince(baseline))
                .isLessThanOrEqualTo(baseline.count());
    }

    /** A step that reads the probe while the EAR is deployed. */
    private interface WhileDeployed {
        void run() throws Exception;
    }

    private void cycle(WhileDeployed whileDeployed) throws Exception {
        deployer.deploy(SWITCHBOARD);
        try (HttpClient client = HttpClient.newHttpClient();
                SgcClient sgc = SgcClient.connect(ws())) {
            sgc.send(SgcClient.subscribe(CHANNEL, "1"));
            assertThat(sgc.nextRaw()).contains("sgc@acknowledgment");
            HttpResponse<InputStream> stream = client.sendAsync(
                            HttpRequest.newBuilder(http("sse/" + CHANNEL))
                                    .header("Accept", "text/event-stream")
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream())
                    .get(Eventually.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(stream.statusCode()).isEqualTo(200);
            HttpResponse<String> forwarded = Http.get(http("it-forward/hello"));
            assertThat(forwarded.body()).isEqualTo("upstream");
            whileDeployed.run();
            // Undeployed with the WebSocket and the stream still open.
            deployer.undeploy(SWITCHBOARD);
            stream.body().close();
        } catch (Exception | AssertionError e) {
            undeployQuietly(e);
            throw e;
        }
    }

    private void undeployQuietly(Throwable failure) {
        try {
            deployer.undeploy(SWITCHBOARD);
        } catch (RuntimeException alreadyGone) {
            failure.addSuppressed(alreadyGone);
        }
    }

    private Threads threads() {
        HttpResponse<String> response =
                Http.get(URI.create(probe.toExternalForm().replaceFirst("/?$", "/") + "threads"));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("The thread probe answered " + response.statusCode());
        }
        return Threads.parse(response.body());
    }

    private Classes classes() {
        HttpResponse<String> response =
                Http.get(URI.create(probe.toExternalForm().replaceFirst("/?$", "/") + "classes"));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("The class probe answered " + response.statusCode());
        }
        return Classes.parse(response.body());
    }

    private URI http(String path) {
        return URI.create(probe.getProtocol() + "://" + probe.getHost() + ":" + probe.getPort() + "/" + path);
    }

    private URI ws() {
        return URI.create(http("").toString().replaceFirst("^http", "ws"));
    }
}
