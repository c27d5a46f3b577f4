package dev.switchboard.it.jetty;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.eclipse.jetty.deploy.App;
import org.eclipse.jetty.deploy.AppLifeCycle;
import org.eclipse.jetty.deploy.DeploymentManager;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.jboss.arquillian.container.spi.event.container.BeforeUnDeploy;
import org.jboss.arquillian.core.api.annotation.Observes;

/**
 * Undeploys the web application a test class deployed, before the Arquillian Jetty adapter undeploys it.
 *
 * <p>Why: with more than one test class, the adapter (2.0.0.Final) undeploys the <em>first</em> deployment's
 * application again instead of the current one, so from the second test class on every WebAppContext stays
 * started at {@code /switchboard} until the server stops. Weld Servlet runs one container per JVM there
 * ({@code STATIC_INSTANCE}, from the server class path), so the first leftover stopped at server shutdown
 * destroys it and the next leftover's {@code contextDestroyed} listeners fail, failing the whole run ("Failed to
 * close extension context"). Undeploying the current application here gives every test class a clean start and
 * an orderly stop. The adapter's own undeploy of the stale application then restarts and stops that one; its
 * "Failed startup" warning is harmless.
 */
public final class UndeployTheDeployedContext {

    private static final Deque<WebAppContext> DEPLOYED = new ConcurrentLinkedDeque<>();

    /**
     * Remembers a context the adapter is deploying.
     *
     * @param context the web application's context
     */
    static void deployed(WebAppContext context) {
        DEPLOYED.add(context);
    }

    /**
     * Undeploys every remembered application that is still started: through the server's deployment manager, and
     * when that leaves it running (the manager's state for the second and later deployments is what the adapter
     * confused), by stopping its context.
     *
     * @param event the undeployment about to happen
     * @throws Exception when the deployment manager or the context fails
     */
    public void undeployDeployedContexts(@Observes BeforeUnDeploy event) throws Exception {
        for (WebAppContext context = DEPLOYED.poll(); context != null; context = DEPLOYED.poll()) {
            DeploymentManager deployer =
                    context.getServer() == null ? null : context.getServer().getBean(DeploymentManager.class);
            if (deployer != null && context.isStarted()) {
                for (App app : deployer.getApps()) {
                    if (app.getContextHandler() == context) {
                        deployer.requestAppGoal(app, AppLifeCycle.UNDEPLOYED);
                    }
                }
            }
            if (context.isStarted()) {
                context.stop();
            }
        }
    }
}
