package dev.switchboard.ejb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.cluster.ClusterSettings;
import dev.switchboard.config.ConfigKeys;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * WildFly merges {@code META-INF/jboss-ejb3.xml} into the bean by name and silently ignores an entry for a bean that
 * does not exist, so a renamed bean or key would quietly fall back to WildFly's defaults. These hold the descriptor to
 * the bean and to core's settings.
 */
class JbossDescriptorConfiguresTheClusterListenerTest {

    private static final String JAKARTAEE = "https://jakarta.ee/xml/ns/jakartaee";
    private static final String BINDING = "urn:resource-adapter-binding:2.0";

    private final Document descriptor = parse();
    private final String beanName =
            ClusterTopicListener.class.getAnnotation(MessageDriven.class).name();

    @Test
    void theDescriptorNamesTheMessageDrivenBean() {
        List<String> messageDriven = texts(JAKARTAEE, "message-driven", JAKARTAEE, "ejb-name");
        List<String> bound = texts(BINDING, "resource-adapter-binding", JAKARTAEE, "ejb-name");

        assertThat(messageDriven).containsExactly(beanName);
        assertThat(bound).containsExactly(beanName);
    }

    @Test
    void theResourceAdapterIsASystemPropertyDefaultingToTheInVmFactoryThatJmsXaBelongsTo() {
        assertThat(texts(BINDING, "resource-adapter-binding", BINDING, "resource-adapter-name"))
                .containsExactly("${switchboard.cluster.resource-adapter:activemq-ra}");
        assertThat(ClusterSettings.DEFAULT_CONNECTION_FACTORY).isEqualTo("java:/JmsXA");
    }

    @Test
    void theDestinationIsCoresTopicKeyWithCoresDefault() {
        Element property = activationProperty("destination");

        assertThat(property.getElementsByTagNameNS(JAKARTAEE, "activation-config-property-value")
                        .item(0)
                        .getTextContent()
                        .trim())
                .isEqualTo("${" + ConfigKeys.CLUSTER_TOPIC + ":" + ClusterSettings.DEFAULT_TOPIC + "}");
    }

    @Test
    void theAnnotationNamesTheTopicWithoutJndiAndKeepsTheSubscriptionAcrossBrokerRestarts() {
        ActivationConfigProperty[] config =
                ClusterTopicListener.class.getAnnotation(MessageDriven.class).activationConfig();

        assertThat(Arrays.stream(config).map(p -> p.propertyName() + "=" + p.propertyValue()))
                .contains(
                        "destination=" + ClusterSettings.DEFAULT_TOPIC,
                        "destinationType=jakarta.jms.Topic",
                        "useJNDI=false",
                        "subscriptionDurability=NonDurable",
                        "maxSession=1",
                        "reconnectAttempts=-1");
    }

    private Element activationProperty(String name) {
        NodeList properties = descriptor.getElementsByTagNameNS(JAKARTAEE, "activation-config-property");
        for (int i = 0; i < properties.getLength(); i++) {
            Element property = (Element) properties.item(i);
            String propertyName = property.getElementsByTagNameNS(JAKARTAEE, "activation-config-property-name")
                    .item(0)
                    .getTextContent()
                    .trim();
            if (propertyName.equals(name)) {
                return property;
            }
        }
        throw new AssertionError("No activation-config-property " + name + " in jboss-ejb3.xml");
    }

    private List<String> texts(String parentNamespace, String parent, String childNamespace, String child) {
        List<String> texts = new ArrayList<>();
        NodeList parents = descriptor.getElementsByTagNameNS(parentNamespace, parent);
        for (int i = 0; i < parents.getLength(); i++) {
            NodeList children = ((Element) parents.item(i)).getElementsByTagNameNS(childNamespace, child);
            for (int j = 0; j < children.getLength(); j++) {
                texts.add(children.item(j).getTextContent().trim());
            }
        }
        return texts;
    }

    private static Document parse() {
        try (InputStream in = ClusterTopicListener.class.getResourceAsStream("/META-INF/jboss-ejb3.xml")) {
            assertThat(in).as("META-INF/jboss-ejb3.xml").isNotNull();
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(in);
        } catch (Exception e) {
            throw new AssertionError("jboss-ejb3.xml cannot be parsed", e);
        }
    }
}
