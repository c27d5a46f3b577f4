package dev.switchboard.metrics;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Every meter of the registry Switchboard uses, as read-only JMX attributes of
 * {@code dev.switchboard:type=Metrics,context=<context path>}, so jconsole and an application server's management
 * show the same figures as the Prometheus endpoint without another metrics library.
 *
 * <p>An attribute's name is the meter's name with its tags, {@code switchboard.connections{subprotocol=esegece.com,
 * transport=websocket}}; a meter with several values (a timer: count, total time, max) has one attribute per value,
 * the statistic after a colon ({@code switchboard.publish.to.enqueue:count}). Values are doubles; times are in
 * seconds. The attribute list follows the meters, so a kind that appears later appears in JMX too.
 */
final class MetricsMBean implements DynamicMBean {

    private final SwitchboardMetrics metrics;

    MetricsMBean(SwitchboardMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * The name of the view of one application.
     *
     * @param contextPath the servlet context path ({@code ""} for the root)
     * @return {@code dev.switchboard:type=Metrics,context=...}
     * @throws MalformedObjectNameException never for a servlet context path
     */
    static ObjectName name(String contextPath) throws MalformedObjectNameException {
        String context = contextPath == null || contextPath.isEmpty() ? "/" : contextPath;
        return new ObjectName("dev.switchboard:type=Metrics,context=" + ObjectName.quote(context));
    }

    /** The current values by attribute name, sorted. */
    private Map<String, Double> values() {
        metrics.refresh();
        Map<String, Double> values = new TreeMap<>();
        for (Meter meter : metrics.meters()) {
            List<Measurement> measurements = new ArrayList<>();
            meter.measure().forEach(measurements::add);
            String base = attributeName(meter.getId());
            for (Measurement measurement : measurements) {
                String name = measurements.size() == 1
                        ? base
                        : base + ":" + measurement.getStatistic().getTagValueRepresentation();
                values.put(name, measurement.getValue());
            }
        }
        return values;
    }

    private static String attributeName(Meter.Id id) {
        StringBuilder name = new StringBuilder(id.getName());
        Iterator<Tag> tags = id.getTagsAsIterable().iterator();
        if (tags.hasNext()) {
            name.append('{');
            while (tags.hasNext()) {
                Tag tag = tags.next();
                name.append(tag.getKey()).append('=').append(tag.getValue());
                if (tags.hasNext()) {
                    name.append(',');
                }
            }
            name.append('}');
        }
        return name.toString();
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        Double value = values().get(attribute);
        if (value == null) {
            throw new AttributeNotFoundException("No meter " + attribute);
        }
        return value;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException("Metrics are read-only: " + attribute.getName());
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        Map<String, Double> values = values();
        AttributeList list = new AttributeList();
        for (String attribute : attributes) {
            Double value = values.get(attribute);
            if (value != null) {
                list.add(new Attribute(attribute, value));
            }
        }
        return list;
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("The metrics MBean has no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        List<MBeanAttributeInfo> attributes = new ArrayList<>();
        for (String name : values().keySet()) {
            attributes.add(new MBeanAttributeInfo(name, Double.class.getName(), name, true, false, false));
        }
        return new MBeanInfo(
                MetricsMBean.class.getName(),
                "Switchboard metrics: every meter as a read-only attribute",
                attributes.toArray(MBeanAttributeInfo[]::new),
                null,
                new MBeanOperationInfo[0],
                new MBeanNotificationInfo[0]);
    }
}
