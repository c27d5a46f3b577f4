package dev.switchboard.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The one place Switchboard looks JDBC {@link DataSource}s up in JNDI. History, bans and database users name
 * their DataSource by key; each name is looked up once, on first use, and the same object is handed to every
 * store that names it.
 */
@ApplicationScoped
public class DataSources {

    private final Map<String, DataSource> found = new ConcurrentHashMap<>();

    /**
     * The DataSource bound at a JNDI name.
     *
     * @param jndiName the name, for example {@code java:comp/env/jdbc/switchboard}
     * @return the DataSource
     * @throws IllegalStateException when nothing, or something else, is bound there
     */
    public DataSource get(String jndiName) {
        return found.computeIfAbsent(jndiName, DataSources::lookup);
    }

    /**
     * The DataSources handed out so far, by JNDI name: those a configured store uses, which the readiness probe
     * checks.
     *
     * @return a copy, in no particular order
     */
    public Map<String, DataSource> inUse() {
        return Map.copyOf(found);
    }

    private static DataSource lookup(String name) {
        Object bound;
        try {
            bound = new InitialContext().lookup(name);
        } catch (NamingException e) {
            throw new IllegalStateException("No DataSource is bound in JNDI at " + name, e);
        }
        if (bound instanceof DataSource dataSource) {
            return dataSource;
        }
        throw new IllegalStateException("JNDI name " + name + " holds " + bound + ", not a DataSource");
    }
}
