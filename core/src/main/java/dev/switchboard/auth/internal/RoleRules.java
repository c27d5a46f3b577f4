package dev.switchboard.auth.internal;

import dev.switchboard.api.Connection;
import dev.switchboard.channel.ChannelNames;
import dev.switchboard.channel.Glob;
import dev.switchboard.log.LogSafe;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * An ordered list of {@code pattern=role,role} rules, as the channel and RPC permission keys write them:
 * {@code news.*=user,admin;admin.*=admin;public.*=}. The first rule whose pattern matches a name decides. A
 * pattern is written in the channel-mask syntax ({@code *} any characters, dots included; {@code ?}; sets) and
 * matched by the very matcher and fold channel masks use ({@link Glob} over {@link ChannelNames#fold}), so a rule
 * and a mask never disagree about a name, and matching is linear whatever a client sends. The role list names roles of which one suffices; {@code *} means any authenticated
 * principal; an empty list means anyone, anonymous connections included. A name no rule matches is allowed, so an
 * empty rule list changes nothing and a closing {@code *=admin} turns the default around.
 */
public final class RoleRules {

    /** The role entry that any authenticated principal satisfies. */
    public static final String ANY_AUTHENTICATED = "*";

    private static final Pattern ROLE = Pattern.compile("[^\\s,;=]+");

    // Compiled once per pattern text. Only configured patterns are keys (rules are fixed at startup, a record has no
    // room for a derived field), so the map stays as small as the rule lists.
    private static final ConcurrentHashMap<String, Glob> GLOBS = new ConcurrentHashMap<>();

    /**
     * One rule.
     *
     * @param pattern the pattern as written
     * @param roles   the roles, one of which suffices; empty for anyone
     */
    public record Rule(String pattern, Set<String> roles) {

        private Glob glob() {
            return Glob.compile(ChannelNames.fold(ChannelNames.canonical(pattern)));
        }

        /**
         * Tells whether this rule's pattern matches a name.
         *
         * @param name a channel or method name
         * @return true on a match of the folded forms
         */
        public boolean matches(String name) {
            return matchesFolded(ChannelNames.foldedCodePoints(ChannelNames.canonical(name)));
        }

        private boolean matchesFolded(int[] folded) {
            return GLOBS.computeIfAbsent(pattern, p -> glob()).matches(folded);
        }

        /**
         * Tells whether this rule could match some name that a channel mask with this folded literal prefix
         * matches: a sound over-approximation (only the literal prefixes are compared), used to judge mask
         * subscriptions.
         *
         * @param maskPrefix the folded mask's code points before its first wildcard
         * @return true when the two could overlap
         */
        boolean mayOverlap(String maskPrefix) {
            String own = GLOBS.computeIfAbsent(pattern, p -> glob()).literalPrefix();
            return own.startsWith(maskPrefix) || maskPrefix.startsWith(own);
        }

        /**
         * Tells whether this rule matches every name that a channel mask with this folded literal prefix matches.
         * Only a pattern of the form {@code literal*} is judged (soundly): the mask's names all start with its
         * prefix.
         *
         * @param maskPrefix the folded mask's code points before its first wildcard
         * @return true when the rule certainly matches all of them
         */
        boolean covers(String maskPrefix) {
            Glob own = GLOBS.computeIfAbsent(pattern, p -> glob());
            return own.isPrefixStar() && maskPrefix.startsWith(own.literalPrefix());
        }

        /**
         * Tells whether a connection satisfies the rule.
         *
         * @param connection the connection
         * @return true when the rule is open, or names {@code *} and the connection is authenticated, or the
         *         connection's identity has one of the roles
         */
        public boolean admits(Connection connection) {
            if (roles.isEmpty()) {
                return true;
            }
            if (connection.principal().isEmpty()) {
                return false;
            }
            if (roles.contains(ANY_AUTHENTICATED)) {
                return true;
            }
            for (String role : roles) {
                if (connection.hasRole(role)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final List<Rule> rules;

    private RoleRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Parses a rule list.
     *
     * @param key  the configuration key, for error messages
     * @param spec the value, {@code ;}-separated rules; null or blank for none
     * @return the rules
     * @throws IllegalArgumentException naming the key and the faulty rule
     */
    public static RoleRules parse(String key, String spec) {
        List<Rule> parsed = new ArrayList<>();
        if (spec != null) {
            for (String entry : spec.split(";")) {
                String rule = entry.strip();
                if (rule.isEmpty()) {
                    continue;
                }
                int eq = rule.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(key + ": '" + rule + "' is not pattern=role[,role...]");
                }
                String pattern = rule.substring(0, eq).strip();
                if (pattern.isEmpty() || pattern.chars().anyMatch(c -> Character.isWhitespace(c) || c == ',')) {
                    throw new IllegalArgumentException(key + ": bad pattern in '" + rule + "'");
                }
                Set<String> roles = new LinkedHashSet<>();
                for (String role : rule.substring(eq + 1).split(",")) {
                    String name = role.strip();
                    if (name.isEmpty()) {
                        continue;
                    }
                    if (!ROLE.matcher(name).matches()) {
                        throw new IllegalArgumentException(key + ": bad role '" + name + "' in '" + rule + "'");
                    }
                    roles.add(name);
                }
                parsed.add(new Rule(pattern, roles));
            }
        }
        return new RoleRules(parsed);
    }

    /**
     * Tells whether there are no rules.
     *
     * @return true when nothing is restricted
     */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * The rules in order.
     *
     * @return the rules
     */
    public List<Rule> rules() {
        return rules;
    }

    /**
     * The rule that decides an exact name.
     *
     * @param name a channel or method name
     * @return the first matching rule; empty when none matches (allowed)
     */
    public Optional<Rule> ruleFor(String name) {
        for (Rule rule : rules) {
            if (rule.matches(name)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    /**
     * Decides an exact name or a channel mask for a connection.
     *
     * <p>A mask reaches every channel it matches, now and later, so it is allowed only when the connection
     * satisfies every rule that could decide one of those channels.
     *
     * @param connection the connection
     * @param name       an exact name, or a mask when {@code mask} is true
     * @param mask       whether {@code name} contains wildcards
     * @return the first rule the connection fails; empty when allowed
     */
    public Optional<Rule> refusal(Connection connection, String name, boolean mask) {
        if (!mask) {
            return ruleFor(name).filter(rule -> !rule.admits(connection));
        }
        String prefix =
                Glob.compile(ChannelNames.fold(ChannelNames.canonical(name))).literalPrefix();
        for (Rule rule : rules) {
            if (rule.mayOverlap(prefix) && !rule.admits(connection)) {
                return Optional.of(rule);
            }
            if (rule.covers(prefix)) {
                // Every channel the mask reaches is decided by this rule or an earlier one.
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * The reason a client is told for a refusal: {@code log in to ACTION} for an anonymous connection, {@code no
     * role to ACTION} otherwise.
     *
     * @param connection the refused connection
     * @param action     what it asked, such as {@code subscribe to news.eu}
     * @return the reason
     */
    public static String refusalReason(Connection connection, String action) {
        return (connection.principal().isEmpty() ? "log in to " : "no role to ") + action;
    }

    /**
     * The log line of a refusal: who, which connection, what, and the rule that refused.
     *
     * @param connection the refused connection
     * @param action     what it asked
     * @param rule       the rule
     * @return the line
     */
    public static String refusalLog(Connection connection, String action, Rule rule) {
        return "Refused: "
                + connection
                        .principal()
                        .map(java.security.Principal::getName)
                        .map(LogSafe::of)
                        .orElse("anonymous")
                + " on connection " + connection.id() + " may not " + LogSafe.of(action)
                + " (rule " + rule.pattern() + "=" + String.join(",", rule.roles()) + ")";
    }
}
