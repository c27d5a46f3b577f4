package dev.switchboard.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.cdi.ConfigProducer;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.DataSources;
import dev.switchboard.spi.CredentialStore;
import java.nio.file.Path;
import java.util.List;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoresAreAskedFileThenJdbcThenContainerTest {

    @TempDir
    Path directory;

    @AfterEach
    void clearProperties() {
        System.clearProperty(ConfigKeys.AUTH_USERS);
        System.clearProperty(ConfigKeys.AUTH_CONTAINER);
    }

    @Test
    void beansComeInPriorityOrderAndReadTheirKeys() throws Exception {
        Path file = directory.resolve("users");
        UsersFile.addOrUpdate(file, "alice", PasswordHashes.hash("a".toCharArray(), 1000), List.of("admin"));
        System.setProperty(ConfigKeys.AUTH_USERS, file.toString());
        System.setProperty(ConfigKeys.AUTH_CONTAINER, "true");

        try (WeldContainer container = new Weld()
                .disableDiscovery()
                .addBeanClasses(
                        ContainerCredentialStore.class,
                        JdbcCredentialStore.class,
                        FileCredentialStore.class,
                        ConfigProducer.class,
                        DataSources.class)
                .initialize()) {
            List<CredentialStore> stores = BeanLookup.ordered(container.select(CredentialStore.class));

            assertThat(stores)
                    .extracting(store -> store.getClass().getSuperclass().getSimpleName())
                    .containsExactly("FileCredentialStore", "JdbcCredentialStore", "ContainerCredentialStore");
            assertThat(stores).extracting(CredentialStore::enabled).containsExactly(true, false, true);
            assertThat(stores.get(0).authenticate("alice", "a".toCharArray(), null))
                    .isPresent();
        }
    }
}
