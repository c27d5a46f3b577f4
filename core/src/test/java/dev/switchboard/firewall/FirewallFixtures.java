package dev.switchboard.firewall;

import dev.switchboard.api.Connection;
import dev.switchboard.firewall.internal.BanStore;
import dev.switchboard.testing.MapConfig;
import dev.switchboard.testing.MutableClock;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

/** Firewall test fixtures, shared by the firewall's tests: settings from a map, and connections that are only an id and an address. */
public final class FirewallFixtures {

    private FirewallFixtures() {}

    public static FirewallSettings settings(Map<String, String> values) {
        return FirewallSettings.read(MapConfig.of(values));
    }

    public static Firewall firewall(Map<String, String> values, MutableClock clock) {
        return new Firewall(settings(values), clock, BanStore.NONE);
    }

    public static InetAddress ip(String text) {
        return AddressSet.literal(text).orElseThrow();
    }

    public static Connection connection(String id, String address) {
        return connection(id, address, "/");
    }

    public static Connection connection(String id, String address, String path) {
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "id" -> id;
                    case "remoteAddress" -> InetSocketAddress.createUnresolved(address, 40000);
                    case "headers" -> Map.of();
                    case "requestUri" -> java.net.URI.create(path);
                    case "toString" -> id;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
