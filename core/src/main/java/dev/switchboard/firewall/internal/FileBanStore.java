package dev.switchboard.firewall.internal;

import dev.switchboard.firewall.Ban;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Bans and escalation levels in one text file, for deployments without a database. The whole file is rewritten on
 * every change, to a temporary file then moved over the old one atomically, so a crash leaves either the old or the
 * new content, never half of it; bans change rarely, so the rewrite costs nothing that matters. Lines are
 * tab-separated: {@code ban <address> <banned-at ms> <until ms or -> <reason>} and
 * {@code escalation <address> <level> <last ban ms>}. Called under the firewall's ban lock.
 */
public final class FileBanStore implements BanStore {

    private final Path file;
    private final Map<String, Ban> bans = new TreeMap<>();
    private final Map<String, EscalationLevel> escalations = new TreeMap<>();

    /**
     * Opens the store, reading the file when it exists.
     *
     * @param file the file
     * @throws IllegalArgumentException naming the file and line of a bad line, or when it cannot be read
     */
    public FileBanStore(Path file) {
        this.file = file;
        if (!Files.exists(file)) {
            return;
        }
        try {
            int number = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                try {
                    if (f[0].equals("ban") && f.length == 5) {
                        Optional<Instant> until = f[3].equals("-") ? Optional.empty()
                                : Optional.of(Instant.ofEpochMilli(Long.parseLong(f[3])));
                        bans.put(f[1], new Ban(f[1], Instant.ofEpochMilli(Long.parseLong(f[2])), until, f[4]));
                    } else if (f[0].equals("escalation") && f.length == 4) {
                        escalations.put(f[1], new EscalationLevel(f[1], Integer.parseInt(f[2]),
                                Instant.ofEpochMilli(Long.parseLong(f[3]))));
                    } else {
                        throw new IllegalArgumentException("unknown line");
                    }
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("Firewall ban file " + file + " line " + number
                            + " is not a ban or escalation line: " + line, e);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the firewall ban file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Ban> load() {
        return List.copyOf(bans.values());
    }

    @Override
    public void save(Ban ban) {
        bans.put(ban.address(), ban);
        write();
    }

    @Override
    public void delete(String address) {
        if (bans.remove(address) != null) {
            write();
        }
    }

    @Override
    public List<EscalationLevel> loadEscalations() {
        return List.copyOf(escalations.values());
    }

    @Override
    public void saveEscalation(EscalationLevel level) {
        escalations.put(level.address(), level);
        write();
    }

    private void write() {
        List<String> lines = new ArrayList<>();
        lines.add("# Switchboard firewall bans and escalation levels; rewritten on every change");
        for (Ban ban : bans.values()) {
            lines.add("ban\t" + ban.address() + "\t" + ban.bannedAt().toEpochMilli() + "\t"
                    + ban.until().map(u -> Long.toString(u.toEpochMilli())).orElse("-") + "\t"
                    + ban.reason().replaceAll("[\\t\\r\\n]", " "));
        }
        for (EscalationLevel level : escalations.values()) {
            lines.add("escalation\t" + level.address() + "\t" + level.level() + "\t" + level.lastBan().toEpochMilli());
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temporary, lines, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Writing the firewall ban file " + file + " failed", e);
        }
    }
}
