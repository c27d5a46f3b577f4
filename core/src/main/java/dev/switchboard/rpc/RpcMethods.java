package dev.switchboard.rpc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@link dev.switchboard.api.RpcMethod @RpcMethod} methods of the deployment, by name. Built once by the CDI
 * extension after bean discovery and registered as a {@code @Singleton} bean; immutable.
 */
public final class RpcMethods {

    /** No methods. */
    public static final RpcMethods EMPTY = new RpcMethods(Map.of());

    private final Map<String, RpcTarget> byName;

    private RpcMethods(Map<String, RpcTarget> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /**
     * Builds the table. When a name is taken twice the first method keeps it; {@link #problems} reports the
     * duplicate, and the deployment fails before the table is used.
     *
     * @param targets the methods
     * @return the table
     */
    public static RpcMethods of(Collection<RpcTarget> targets) {
        Map<String, RpcTarget> map = new LinkedHashMap<>();
        for (RpcTarget target : targets) {
            map.putIfAbsent(target.name(), target);
        }
        return new RpcMethods(map);
    }

    /**
     * Lists names claimed by more than one method.
     *
     * @param targets the methods
     * @return one sentence per duplicated name; empty when every name is unique
     */
    public static List<String> problems(Collection<RpcTarget> targets) {
        Map<String, List<String>> owners = new TreeMap<>();
        for (RpcTarget target : targets) {
            owners.computeIfAbsent(target.name(), n -> new ArrayList<>()).add(target.describe());
        }
        List<String> problems = new ArrayList<>();
        owners.forEach((name, methods) -> {
            if (methods.size() > 1) {
                methods.sort(null);
                problems.add("RPC method '" + name + "' is declared by " + methods.size() + " methods: "
                        + String.join(", ", methods));
            }
        });
        return problems;
    }

    /**
     * Looks a method up.
     *
     * @param name the name clients call
     * @return the method, or empty
     */
    public Optional<RpcTarget> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The names clients can call.
     *
     * @return the names
     */
    public Set<String> names() {
        return byName.keySet();
    }
}
