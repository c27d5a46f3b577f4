package dev.switchboard.auth.internal;

import dev.switchboard.api.Identity;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Turns a TLS client certificate into an identity ({@code switchboard.auth.client-cert} and
 * {@code .client-cert.roles}). The certificate is one the server's TLS layer already verified against its trust store
 * during the handshake (the servlet container only reports verified ones); this maps it to a user name, checks its
 * validity period once more against the clock (a connection may outlive its certificate), and gives the user the
 * roles the roles file lists.
 *
 * <p>Thread-safe; the roles file is read again when it changes.
 */
public final class ClientCertificates {

    private static final System.Logger LOG = System.getLogger(ClientCertificates.class.getName());

    /** The {@link Identity#method()} of identities from client certificates. */
    public static final String METHOD = "client-cert";

    /** Most lines of the roles file read; a longer file is refused as a whole. */
    static final int MAX_ROLE_LINES = 100_000;

    private static final int SAN_EMAIL = 1;
    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;

    private final String mapping;
    private final Optional<Path> rolesFile;
    private final Clock clock;
    private final ReentrantLock reload = new ReentrantLock();
    private volatile Roles roles = new Roles(Optional.empty(), Map.of());

    private record Roles(Optional<FileVersion> version, Map<String, Set<String>> byUser) {}

    /**
     * Reads the settings.
     *
     * @param config the configuration
     * @param clock  the clock validity periods are judged by
     * @throws IllegalArgumentException for an unknown mapping
     */
    public ClientCertificates(ConfigReader config, Clock clock) {
        this.mapping = config.getChoice(
                ConfigKeys.AUTH_CLIENT_CERT,
                "subject-cn",
                "off",
                "subject-cn",
                "subject",
                "san-email",
                "san-dns",
                "san-uri");
        this.rolesFile = config.get(ConfigKeys.AUTH_CLIENT_CERT_ROLES).map(Path::of);
        this.clock = clock;
    }

    /**
     * Tells whether client certificates name users at all.
     *
     * @return false when {@code switchboard.auth.client-cert} is {@code off}
     */
    public boolean enabled() {
        return !mapping.equals("off");
    }

    /**
     * The identity a verified client certificate proves.
     *
     * @param chain the chain the container reports, the client's own certificate first
     * @return the identity, expiring with the certificate
     * @throws InvalidCredentialException when the certificate has expired or is not yet valid, or lacks the part
     *                                    the mapping reads
     */
    public Identity identity(X509Certificate[] chain) throws InvalidCredentialException {
        if (chain == null || chain.length == 0) {
            throw new InvalidCredentialException("no client certificate");
        }
        X509Certificate certificate = chain[0];
        Instant now = clock.instant();
        try {
            certificate.checkValidity(Date.from(now));
        } catch (CertificateException e) {
            throw new InvalidCredentialException("client certificate expired or not yet valid");
        }
        String user = user(certificate)
                .filter(name -> !name.isBlank())
                .orElseThrow(() -> new InvalidCredentialException("client certificate has no " + mapping));
        return new Identity(
                user,
                new LinkedHashSet<>(roles().getOrDefault(user, Set.of())),
                METHOD,
                Optional.of(certificate.getNotAfter().toInstant()));
    }

    private Optional<String> user(X509Certificate certificate) {
        return switch (mapping) {
            case "subject" -> Optional.of(certificate.getSubjectX500Principal().getName());
            case "san-email" -> alternativeName(certificate, SAN_EMAIL);
            case "san-dns" -> alternativeName(certificate, SAN_DNS);
            case "san-uri" -> alternativeName(certificate, SAN_URI);
            default -> commonName(certificate);
        };
    }

    /** The most specific CN of the subject (the first one in RFC 2253 order). */
    private static Optional<String> commonName(X509Certificate certificate) {
        try {
            List<Rdn> rdns = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns();
            // LdapName lists the least specific RDN first.
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
                    return Optional.of(rdns.get(i).getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            LOG.log(System.Logger.Level.WARNING, "A client certificate's subject cannot be parsed: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static Optional<String> alternativeName(X509Certificate certificate, int type) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    if (name.size() >= 2
                            && name.get(0) instanceof Integer kind
                            && kind == type
                            && name.get(1) instanceof String value) {
                        return Optional.of(value);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            LOG.log(System.Logger.Level.WARNING, "A client certificate's alternative names cannot be parsed");
        }
        return Optional.empty();
    }

    private Map<String, Set<String>> roles() {
        if (rolesFile.isEmpty()) {
            return Map.of();
        }
        Path file = rolesFile.get();
        Roles known = roles;
        Optional<FileVersion> version;
        try {
            version = FileVersion.of(file);
        } catch (IOException e) {
            version = Optional.empty();
        }
        if (version.equals(known.version()) && version.isPresent()) {
            return known.byUser();
        }
        reload.lock();
        try {
            known = roles;
            if (version.equals(known.version()) && version.isPresent()) {
                return known.byUser();
            }
            Map<String, Set<String>> read = read(file);
            roles = new Roles(version, read);
            return read;
        } finally {
            reload.unlock();
        }
    }

    /** Reads the roles file; an unreadable or malformed one gives no roles, logged, rather than old ones. */
    private static Map<String, Set<String>> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "The client certificate roles file {0} cannot be read ({1}); certificate users have no roles",
                    file,
                    e.getMessage());
            return Map.of();
        }
        if (lines.size() > MAX_ROLE_LINES) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "The client certificate roles file {0} has more than {1} lines; certificate users have no roles",
                    file,
                    MAX_ROLE_LINES);
            return Map.of();
        }
        Map<String, Set<String>> byUser = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = 0;
            while (space < line.length() && !Character.isWhitespace(line.charAt(space))) {
                space++;
            }
            String user = line.substring(space).strip();
            if (user.isEmpty()) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Line {0} of {1} names no user (expected: roles, whitespace, user); skipped",
                        i + 1,
                        file);
                continue;
            }
            Set<String> userRoles = byUser.computeIfAbsent(user, u -> new LinkedHashSet<>());
            for (String role : line.substring(0, space).split(",")) {
                if (!role.isBlank()) {
                    userRoles.add(role.strip());
                }
            }
        }
        return Map.copyOf(byUser);
    }
}
