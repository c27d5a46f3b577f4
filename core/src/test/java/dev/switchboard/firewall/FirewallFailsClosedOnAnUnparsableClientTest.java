package dev.switchboard.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.spi.InboundMessageCheck;
import dev.switchboard.testing.MutableClock;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A peer address that is not an IP literal (a Unix-domain socket, an in-VM connector, a container that reports a
 * name) used to skip every check. Over TCP on 127.0.0.1 the peer is always an IP literal, so this is shown on the
 * filter and the message check directly, with a servlet request that reports such a peer.
 */
class FirewallFailsClosedOnAnUnparsableClientTest {

    private final Firewall firewall = FirewallFixtures.firewall(Map.of(), new MutableClock());

    private static HttpServletRequest request(String remoteAddr) {
        Map<String, Object> attributes = new HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(
                HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> remoteAddr;
                    case "getHeaders", "getHeaderNames" -> Collections.emptyEnumeration();
                    case "getHeader" -> null;
                    case "getRequestURI" -> "/";
                    case "getContextPath" -> "";
                    case "getQueryString" -> null;
                    case "getMethod" -> "GET";
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "getAttribute" -> attributes.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A response that records its status and body. */
    private static final class Recorded {
        int status;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        HttpServletResponse response() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {}

                @Override
                public void write(int b) {
                    body.write(b);
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(
                    HttpServletResponse.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "setStatus" -> {
                            status = (Integer) args[0];
                            yield null;
                        }
                        case "getOutputStream" -> out;
                        case "setContentType", "setContentLength", "setHeader", "addHeader" -> null;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    @Test
    void aRequestFromAPeerThatIsNotAnIpAddressIsRefusedWith403AndCounted() throws Exception {
        Recorded recorded = new Recorded();
        AtomicBoolean passed = new AtomicBoolean();
        new FirewallFilter(firewall)
                .doFilter(request("unix:/run/switchboard.sock"), recorded.response(), (req, res) -> passed.set(true));
        assertThat(passed).isFalse();
        assertThat(recorded.status).isEqualTo(403);
        assertThat(recorded.body.toString(StandardCharsets.UTF_8)).contains("client address cannot be determined");
        assertThat(firewall.counters()).containsEntry(Firewall.RULE_UNKNOWN_ADDRESS, 1L);
    }

    @Test
    void aRequestFromAnIpPeerPasses() throws Exception {
        AtomicBoolean passed = new AtomicBoolean();
        new FirewallFilter(firewall)
                .doFilter(request("192.0.2.1"), new Recorded().response(), (req, res) -> passed.set(true));
        assertThat(passed).isTrue();
    }

    @Test
    void aLinkLocalPeerWithAZoneIsJudgedByItsAddressNotRefused() throws Exception {
        AtomicBoolean passed = new AtomicBoolean();
        new FirewallFilter(firewall)
                .doFilter(
                        request("fe80:0:0:0:0:0:0:1%eth0"), new Recorded().response(), (req, res) -> passed.set(true));
        assertThat(passed).isTrue();
        assertThat(AddressSet.literal("[fe80::1%2]")).contains(FirewallFixtures.ip("fe80::1"));
    }

    @Test
    void aMessageOnAConnectionWhoseAddressIsNotAnIpIsRefusedWith1008() {
        InboundMessageCheck.Verdict verdict = firewall.checkText(FirewallFixtures.connection("c1", "in-vm"), "hi");
        assertThat(verdict)
                .isEqualTo(
                        new InboundMessageCheck.Verdict.Refuse(CloseCodes.POLICY_VIOLATION, "Unknown client address"));
        assertThat(firewall.checkBinary(FirewallFixtures.connection("c1", "in-vm"), java.nio.ByteBuffer.allocate(1)))
                .isInstanceOf(InboundMessageCheck.Verdict.Refuse.class);
        assertThat(firewall.counters()).containsEntry(Firewall.RULE_UNKNOWN_ADDRESS, 2L);
    }
}
