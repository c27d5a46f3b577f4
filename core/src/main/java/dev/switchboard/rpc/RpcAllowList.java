package dev.switchboard.rpc;

import java.security.Principal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A protocol's list of callable methods, in the sgc {@code RPCAuthentication} form: entries {@code method} (anyone
 * may call it) or {@code method=user} (only a connection whose principal has that name; several entries may name
 * several users). A method not on an enabled list is refused as if it did not exist; the RPC permissions of
 * {@code dev.switchboard.auth} apply it. Immutable.
 */
public final class RpcAllowList {

    /** A disabled list: every method may be called (the role rules and guards still apply). */
    public static final RpcAllowList ANY = new RpcAllowList(false, List.of());

    private final boolean enabled;
    private final Set<String> open = new HashSet<>();
    private final Map<String, Set<String>> byUser = new HashMap<>();

    /**
     * Creates a list.
     *
     * @param enabled whether the list limits calls at all
     * @param entries {@code method} or {@code method=user} entries
     */
    public RpcAllowList(boolean enabled, List<String> entries) {
        this.enabled = enabled;
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq < 0) {
                open.add(entry.trim());
            } else {
                byUser.computeIfAbsent(entry.substring(0, eq).trim(), m -> new HashSet<>())
                        .add(entry.substring(eq + 1).trim());
            }
        }
    }

    /**
     * Tells whether a connection may call a method.
     *
     * @param method    the called name
     * @param principal the connection's principal
     * @return true when the list is off, the method is open, or the principal is one of its users
     */
    public boolean allows(String method, Optional<Principal> principal) {
        if (!enabled || open.contains(method)) {
            return true;
        }
        Set<String> users = byUser.get(method);
        return users != null && principal.map(p -> users.contains(p.getName())).orElse(false);
    }
}
