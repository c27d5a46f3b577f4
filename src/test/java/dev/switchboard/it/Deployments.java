package dev.switchboard.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.ClassLoaderAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Builds the deployments from the artifacts the build produced (copied to {@code switchboard.it.deployments} by
 * the it module), plus the test application: the WAR as it is for Jetty, the EAR as it is for WildFly.
 *
 * <p>The test application's classes are added as class files, by name, never loaded here: the Jetty run keeps
 * switchboard-core off the test class path (Weld would otherwise find core's bean archive twice, there and in
 * the WAR's {@code WEB-INF/lib}, and fail on ambiguous beans), so these classes cannot be loaded on the client
 * side.
 */
final class Deployments {

    static final String WAR = "switchboard.war";
    static final String EAR = "switchboard.ear";

    private static final String BEANS_XML = """
            <beans xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0" bean-discovery-mode="annotated"/>
            """;

    private Deployments() {}

    /** The EAR exactly as the build made it. */
    static EnterpriseArchive earAsBuilt() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, built(EAR).toFile());
    }

    /** The web-module WAR with the test application in {@code WEB-INF/lib}. */
    static WebArchive warWithTestApplication() {
        WebArchive war =
                ShrinkWrap.createFromZipFile(WebArchive.class, built(WAR).toFile());
        return war.addAsLibrary(testApplication());
    }

    /**
     * The EAR with the test application in {@code lib/}, next to core, and the test-only servlets in its WAR.
     */
    static EnterpriseArchive earWithTestApplication() {
        EnterpriseArchive ear =
                ShrinkWrap.createFromZipFile(EnterpriseArchive.class, built(EAR).toFile());
        ear.addAsLibrary(testApplication());
        // getAsType replaces the nested WAR by an archive view, so classes added to it end up in the EAR.
        addClassFiles(
                ear.getAsType(WebArchive.class, WAR),
                "WEB-INF/classes/",
                "dev.switchboard.it.app.admin.NodeAdministrationServlet",
                "dev.switchboard.it.app.admin.ConfigProbeServlet");
        return ear;
    }

    /**
     * The EAR with the test application and, in its WAR, the servlet that reads and operates MBeans in WildFly's
     * platform MBean server.
     */
    static EnterpriseArchive earWithMBeanProbe() {
        EnterpriseArchive ear = earWithTestApplication();
        addClassFiles(
                ear.getAsType(WebArchive.class, WAR),
                "WEB-INF/classes/",
                "dev.switchboard.it.app.ops.MBeanProbeServlet");
        return ear;
    }

    /**
     * The EAR with the test application, whose WAR also has the container's own BASIC login (WildFly's
     * ApplicationRealm) on {@code /container/*} for role {@code admin}, and a servlet there that reports what it
     * sees of the principal.
     */
    static EnterpriseArchive earWithContainerLogin() {
        EnterpriseArchive ear = earWithTestApplication();
        WebArchive war = ear.getAsType(WebArchive.class, WAR);
        addClassFiles(war, "WEB-INF/classes/", "dev.switchboard.it.app.container.WhoAmIServlet");
        war.setWebXML(containerLogin("""
                    <auth-method>BASIC</auth-method>
                    <realm-name>ApplicationRealm</realm-name>
                """));
        return ear;
    }

    /**
     * The EAR with the test application and the identity probe subprotocol in {@code lib/}, its WAR reading the roles
     * of client-certificate users from {@code roles} (a {@code switchboard/auth.client-cert.roles} env-entry).
     *
     * @param roles the roles file, on the server's file system
     */
    static EnterpriseArchive earWithClientCertificateRoles(Path roles) {
        EnterpriseArchive ear = earWithTestApplication();
        ear.addAsLibrary(identityProbe());
        ear.getAsType(WebArchive.class, WAR).setWebXML(new StringAsset("""
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="false">
                  <env-entry>
                    <env-entry-name>switchboard/auth.client-cert.roles</env-entry-name>
                    <env-entry-type>java.lang.String</env-entry-type>
                    <env-entry-value>%s</env-entry-value>
                  </env-entry>
                </web-app>
                """.formatted(roles.toAbsolutePath())));
        return ear;
    }

    /**
     * The EAR with the test application and the identity probe subprotocol in {@code lib/}, its WAR secured by the
     * container's own {@code CLIENT_CERT} login on {@code /container/*} for role {@code admin}, in the application
     * security domain {@code switchboard-certificates} (which the test's server setup creates), with the servlet that
     * reports what it sees of the principal.
     */
    static EnterpriseArchive earWithCertificateLogin() {
        EnterpriseArchive ear = earWithTestApplication();
        ear.addAsLibrary(identityProbe());
        WebArchive war = ear.getAsType(WebArchive.class, WAR);
        addClassFiles(war, "WEB-INF/classes/", "dev.switchboard.it.app.container.WhoAmIServlet");
        // In place of the WAR's own, which names the ApplicationRealm's domain "other".
        war.delete("WEB-INF/jboss-web.xml");
        war.addAsWebInfResource(new StringAsset("""
                <jboss-web xmlns="urn:jboss:jakartaee:1.0" version="15.0">
                  <security-domain>switchboard-certificates</security-domain>
                </jboss-web>
                """), "jboss-web.xml");
        war.setWebXML(containerLogin("""
                    <auth-method>CLIENT-CERT</auth-method>
                """));
        return ear;
    }

    /**
     * A web.xml that has the container log in whoever calls {@code /container/*} and admits role {@code admin} there.
     *
     * @param loginConfig the elements of {@code login-config}
     */
    private static StringAsset containerLogin(String loginConfig) {
        return new StringAsset("""
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="false">
                  <security-constraint>
                    <web-resource-collection>
                      <web-resource-name>container</web-resource-name>
                      <url-pattern>/container/*</url-pattern>
                    </web-resource-collection>
                    <auth-constraint><role-name>admin</role-name></auth-constraint>
                  </security-constraint>
                  <login-config>
                %s  </login-config>
                  <security-role><role-name>admin</role-name></security-role>
                </web-app>
                """.formatted(loginConfig));
    }

    /**
     * The EAR with the test application plus a second bean claiming the echo subprotocol in {@code lib/}:
     * core's CDI extension must refuse it.
     */
    static EnterpriseArchive earWithConflictingSubprotocols() {
        EnterpriseArchive ear = earWithTestApplication();
        JavaArchive conflict = ShrinkWrap.create(JavaArchive.class, "switchboard-it-conflict.jar")
                .addAsManifestResource(new StringAsset(BEANS_XML), "beans.xml");
        ear.addAsLibrary(addClassFiles(conflict, "", "dev.switchboard.it.app.conflict.SecondEchoProtocol"));
        return ear;
    }

    /**
     * The EAR as built, with one forwarding route ({@code /it-forward/} to {@code upstream}) set as a JNDI
     * env-entry of its WAR, so the forwarding filter and its HTTP client run too.
     *
     * @param upstream the route's target, ending in {@code /}
     */
    static EnterpriseArchive earWithForwardingRoute(String upstream) {
        EnterpriseArchive ear =
                ShrinkWrap.createFromZipFile(EnterpriseArchive.class, built(EAR).toFile());
        ear.getAsType(WebArchive.class, WAR).setWebXML(new StringAsset("""
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="false">
                  <env-entry>
                    <env-entry-name>switchboard/forward.routes</env-entry-name>
                    <env-entry-type>java.lang.String</env-entry-type>
                    <env-entry-value>/it-forward/=%s</env-entry-value>
                  </env-entry>
                </web-app>
                """.formatted(upstream)));
        return ear;
    }

    /** A {@code web.xml} that sets Switchboard keys as JNDI env-entries ({@code switchboard/<key without prefix>}). */
    private static StringAsset webXmlWithEnvironment(Map<String, String> environment) {
        StringBuilder entries = new StringBuilder();
        environment.forEach(
                (key, value) -> entries.append("""
                  <env-entry>
                    <env-entry-name>switchboard/%s</env-entry-name>
                    <env-entry-type>java.lang.String</env-entry-type>
                    <env-entry-value>%s</env-entry-value>
                  </env-entry>
                """.formatted(key.substring("switchboard.".length()), value)));
        return new StringAsset("""
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="false">
                %s</web-app>
                """.formatted(entries));
    }

    /**
     * The web-module WAR with the test application and Switchboard settings as env-entries, for Jetty and Payara.
     *
     * @param environment keys ({@code switchboard.…}) and values
     */
    static WebArchive warWithTestApplication(Map<String, String> environment) {
        return warWithTestApplication().setWebXML(webXmlWithEnvironment(environment));
    }

    /**
     * The EAR with the test application and Switchboard settings as env-entries of its WAR, for WildFly.
     *
     * @param environment keys ({@code switchboard.…}) and values
     */
    static EnterpriseArchive earWithTestApplication(Map<String, String> environment) {
        EnterpriseArchive ear = earWithTestApplication();
        ear.getAsType(WebArchive.class, WAR).setWebXML(webXmlWithEnvironment(environment));
        return ear;
    }

    /**
     * The web-module WAR with the test application, accepting WebSocket handshakes only on the given URL pattern
     * ({@code switchboard.websocket.paths} as a JNDI env-entry), so that handshakes elsewhere reach the container's
     * own upgrade filter.
     *
     * @param pattern the one URL pattern, such as {@code /ws/*}
     */
    static WebArchive warWithWebSocketPaths(String pattern) {
        return warWithTestApplication().setWebXML(new StringAsset("""
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="false">
                  <env-entry>
                    <env-entry-name>switchboard/websocket.paths</env-entry-name>
                    <env-entry-type>java.lang.String</env-entry-type>
                    <env-entry-value>%s</env-entry-value>
                  </env-entry>
                </web-app>
                """.formatted(pattern)));
    }

    /**
     * The web-module WAR as built plus the Autobahn echo handler of the embedded module's tests (on the class path
     * of the {@code container-conformance} profile) for plain connections, with the inbound message limits raised
     * to 20 MiB through the normal keys, as on embedded (cases 9.x send messages of up to 16 MiB), Tyrus's own
     * incoming buffer raised above that, and the shipped heartbeat.
     */
    static WebArchive warForAutobahn() {
        WebArchive war =
                ShrinkWrap.createFromZipFile(WebArchive.class, built(WAR).toFile());
        JavaArchive echo = ShrinkWrap.create(JavaArchive.class, "autobahn-echo.jar")
                .addAsManifestResource(new StringAsset(BEANS_XML), "beans.xml");
        war.addAsLibrary(addClassFiles(echo, "", "dev.switchboard.embedded.autobahn.AutobahnEchoHandler"));
        String twentyMiB = String.valueOf(20 * 1024 * 1024);
        return war.setWebXML(new StringAsset("""
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="false">
                  <!-- Tyrus (Payara) buffers at most 4 MiB of an incoming message unless told otherwise, and fails
                       a longer one with 1011; other containers ignore the parameter. -->
                  <context-param>
                    <param-name>org.glassfish.tyrus.servlet.incoming-buffer-size</param-name>
                    <param-value>%s</param-value>
                  </context-param>
                  <!-- The shipped heartbeat, whatever the server's run sets: a 16 MiB message in small frames takes
                       longer than a short heartbeat allows the peer to answer. -->
                  <env-entry>
                    <env-entry-name>switchboard/heartbeat.interval</env-entry-name>
                    <env-entry-type>java.lang.String</env-entry-type>
                    <env-entry-value>30</env-entry-value>
                  </env-entry>
                  <env-entry>
                    <env-entry-name>switchboard/heartbeat.timeout</env-entry-name>
                    <env-entry-type>java.lang.String</env-entry-type>
                    <env-entry-value>30</env-entry-value>
                  </env-entry>
                  <env-entry>
                    <env-entry-name>switchboard/websocket.max-text-message-size</env-entry-name>
                    <env-entry-type>java.lang.String</env-entry-type>
                    <env-entry-value>%s</env-entry-value>
                  </env-entry>
                  <env-entry>
                    <env-entry-name>switchboard/websocket.max-binary-message-size</env-entry-name>
                    <env-entry-type>java.lang.String</env-entry-type>
                    <env-entry-value>%s</env-entry-value>
                  </env-entry>
                </web-app>
                """.formatted(21 * 1024 * 1024, twentyMiB, twentyMiB)));
    }

    /**
     * The web-module WAR as built under another name, {@code second.war}: a second Switchboard, with a hub of its
     * own, in the same server.
     */
    static WebArchive secondSwitchboard() {
        return ShrinkWrap.create(WebArchive.class, "second.war")
                .merge(ShrinkWrap.createFromZipFile(WebArchive.class, built(WAR).toFile()));
    }

    /**
     * An application that is a client of Switchboard and hosts none: the publishing EJB and its servlet, with the
     * Java client and the Jetty WebSocket client it runs on in {@code WEB-INF/lib} (copied by the it module to
     * {@code client-lib/}). JSON-P and JSON-B come from the server.
     */
    static WebArchive clientPublisher() {
        WebArchive war = addClassFiles(
                ShrinkWrap.create(WebArchive.class, "client-publisher.war"),
                "WEB-INF/classes/",
                "dev.switchboard.it.app.client.ClientPublisher",
                "dev.switchboard.it.app.client.ClientPublishServlet");
        Path libraries = built("client-lib");
        try (var jars = Files.list(libraries)) {
            jars.filter(jar -> jar.getFileName().toString().endsWith(".jar"))
                    .forEach(jar -> war.addAsLibrary(jar.toFile()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return war;
    }

    /** A WAR of its own with the thread probe servlet, deployed next to Switchboard and outliving its deployments. */
    static WebArchive threadProbe() {
        return addClassFiles(
                ShrinkWrap.create(WebArchive.class, "thread-probe.war"),
                "WEB-INF/classes/",
                "dev.switchboard.it.app.threads.ThreadProbeServlet");
    }

    /** The subprotocol that tells a client its connection's identity, as a bean archive for {@code lib/}. */
    private static JavaArchive identityProbe() {
        JavaArchive probe = ShrinkWrap.create(JavaArchive.class, "switchboard-it-identity.jar")
                .addAsManifestResource(new StringAsset(BEANS_XML), "beans.xml");
        return addClassFiles(probe, "", "dev.switchboard.it.app.identity.IdentityProtocol");
    }

    private static JavaArchive testApplication() {
        JavaArchive jar = ShrinkWrap.create(JavaArchive.class, "switchboard-it-app.jar")
                .addAsManifestResource(new StringAsset(BEANS_XML), "beans.xml");
        return addClassFiles(
                jar,
                "",
                "dev.switchboard.it.app.EchoProtocol",
                "dev.switchboard.it.app.UpperProtocol",
                "dev.switchboard.it.app.PlainMessages",
                // The sgc scenarios: RPC methods with JSON-B-mapped records, and channel rules.
                "dev.switchboard.it.app.sgc.Calculator",
                "dev.switchboard.it.app.sgc.AddParams",
                "dev.switchboard.it.app.sgc.Sum",
                "dev.switchboard.it.app.sgc.DivideParams",
                "dev.switchboard.it.app.sgc.Note",
                "dev.switchboard.it.app.sgc.ChannelRules");
    }

    private static <A extends Archive<A>> A addClassFiles(A archive, String root, String... classNames) {
        for (String name : List.of(classNames)) {
            String file = name.replace('.', '/') + ".class";
            if (Deployments.class.getClassLoader().getResource(file) == null) {
                throw new IllegalStateException("No class file for " + name + " on the test class path");
            }
            archive.add(new ClassLoaderAsset(file), root + file);
        }
        return archive;
    }

    private static Path built(String name) {
        String directory = System.getProperty("switchboard.it.deployments");
        if (directory == null) {
            throw new IllegalStateException("switchboard.it.deployments is not set; run the tests through Maven"
                    + " (./build mvn verify -pl it -am)");
        }
        Path file = Path.of(directory, name);
        if (!Files.exists(file)) {
            throw new IllegalStateException(file + " is missing; the it module copies it before the tests run");
        }
        return file;
    }
}
