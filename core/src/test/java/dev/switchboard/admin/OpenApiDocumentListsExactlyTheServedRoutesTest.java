package dev.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document served at openapi.json names every route the admin servlet dispatches, and no other. */
class OpenApiDocumentListsExactlyTheServedRoutesTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch", "head", "options");

    @Test
    void everyServedRouteIsDocumentedAndEveryDocumentedRouteIsServed() throws Exception {
        JsonObject document;
        try (InputStream in = AdminApiServlet.class.getResourceAsStream("openapi.json")) {
            assertThat(in).isNotNull();
            document = Json.createReader(in).readObject();
        }
        assertThat(document.getString("openapi")).startsWith("3.0");
        Set<String> documented = new TreeSet<>();
        document.getJsonObject("paths")
                .forEach((path, item) -> item.asJsonObject().keySet().stream()
                        .filter(METHODS::contains)
                        .forEach(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        Set<String> served = new TreeSet<>();
        AdminApiServlet.ROUTES.forEach(route -> served.add(route.method() + " " + route.path()));
        assertThat(documented).isEqualTo(served);
    }
}
