package dev.switchboard.metrics;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Transport;
import dev.switchboard.auth.Authentication;
import dev.switchboard.cluster.ClusterSettings;
import dev.switchboard.firewall.Firewall;
import dev.switchboard.forward.ForwardingListener;
import dev.switchboard.history.HistorySettings;
import dev.switchboard.hub.ConnectionRegistry;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.SubprotocolRegistry;
import dev.switchboard.hub.Traffic;
import dev.switchboard.spi.Broker;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.Scheduler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Switchboard's meters, and the choice of the registry they live in: the application's {@code MeterRegistry} CDI
 * bean when it provides one, else a {@link PrometheusMeterRegistry} of Switchboard's own, closed when the application
 * stops. {@link #start} registers the meters and the JMX view, {@link #stop} removes both; a servlet context listener
 * calls them with the application.
 *
 * <p>Meters of totals are functions over what the hub, the firewall and the authentication count anyway, read at
 * most once per {@code switchboard.metrics.reading-ttl} (one reading walks the open connections), so they cost
 * nothing on the message path. Kinds that appear later (a new subprotocol, a close code, a firewall rule) get their
 * meters when a reading first sees them. The node's cluster id is a tag {@code node} of every Switchboard meter when
 * clustering is on, so figures of several nodes stay apart in a registry that has no scrape target label.
 */
@ApplicationScoped
public class SwitchboardMetrics implements ForwardingListener {

    private static final System.Logger LOG = System.getLogger(SwitchboardMetrics.class.getName());

    /** Firewall counters that count events rather than decisions on a request or message. */
    private static final Set<String> FIREWALL_EVENTS = Set.of(
            "bans-issued",
            "brute-force-bans",
            "threat-score-bans",
            "bans-received",
            "ban-file-writes",
            "ban-file-changes");

    private static final String LOGGED_SUFFIX = "-logged";

    @Inject
    MetricsSettings settings;

    @Inject
    Instance<MeterRegistry> applicationRegistries;

    @Inject
    BeanManager beanManager;

    @Inject
    ConnectionRegistry connections;

    @Inject
    Instance<Hub> hub;

    @Inject
    Instance<Broker> broker;

    @Inject
    ClusterSettings cluster;

    @Inject
    HistorySettings historySettings;

    @Inject
    Instance<HistoryStore> history;

    @Inject
    Instance<Firewall> firewall;

    @Inject
    Instance<Authentication> authentication;

    @Inject
    Instance<Scheduler> scheduler;

    @Inject
    Instance<SubprotocolRegistry> subprotocols;

    /** A reading of the figures the function meters show, shared by the meters of one scrape. */
    private record Reading(
            long takenNanos,
            Map<Kind, Traffic> traffic,
            ConnectionRegistry.QueueDepth queues,
            Map<Integer, Long> closes,
            Map<String, Long> firewall,
            Map<Authentication.Outcome, Long> authentications,
            Optional<HistoryStore.Size> history) {}

    private record Kind(Transport transport, String subprotocol) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock reading = new ReentrantLock();
    private volatile Reading last;
    private volatile MeterRegistry registry;
    private PrometheusMeterRegistry own;
    private boolean started;
    private Tags common = Tags.empty();
    private final List<Meter> meters = new ArrayList<>();
    private final List<AutoCloseable> binders = new ArrayList<>();
    private final Set<Object> registeredKeys = new HashSet<>();
    private volatile boolean timingForwards;
    private final ConcurrentHashMap<List<Object>, Timer> forwardingTimers = new ConcurrentHashMap<>();
    private ObjectName mbeanName;

    /** For CDI. */
    public SwitchboardMetrics() {}

    /**
     * The registry Switchboard's meters are in: the application's, or Switchboard's own Prometheus registry. Empty
     * when metrics are off. The first call chooses it; the embedded server binds Jetty's meters to it.
     *
     * @return the registry
     */
    public Optional<MeterRegistry> registry() {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        lock.lock();
        try {
            if (registry == null) {
                if (applicationRegistries.isResolvable()) {
                    registry = applicationRegistries.get();
                    LOG.log(
                            System.Logger.Level.INFO,
                            "Metrics go to the application''s MeterRegistry ({0})",
                            registry.getClass().getName());
                } else {
                    if (applicationRegistries.isAmbiguous()) {
                        LOG.log(
                                System.Logger.Level.WARNING,
                                "The application has several MeterRegistry beans; Switchboard keeps its own registry");
                    }
                    own = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                    registry = own;
                }
            }
            return Optional.of(registry);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The Prometheus registry the endpoint serves: Switchboard's own, or the application's registry when it is one
     * or is a composite containing one.
     *
     * @return the registry, or empty when metrics are off or the application's registry has no Prometheus part
     */
    public Optional<PrometheusMeterRegistry> prometheus() {
        Optional<MeterRegistry> chosen = registry();
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        Optional<PrometheusMeterRegistry> found = prometheusIn(chosen.get());
        if (found.isPresent() || own != null) {
            return found;
        }
        // A normal-scoped bean is a client proxy of its declared type: a producer declaring MeterRegistry hides
        // what it returns from instanceof. The context holds the instance itself.
        return unproxied().flatMap(SwitchboardMetrics::prometheusIn);
    }

    private Optional<MeterRegistry> unproxied() {
        if (!applicationRegistries.isResolvable()) {
            return Optional.empty();
        }
        Bean<MeterRegistry> bean = applicationRegistries.getHandle().getBean();
        if (!beanManager.isNormalScope(bean.getScope())) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(beanManager.getContext(bean.getScope()).get(bean));
        } catch (ContextNotActiveException e) {
            return Optional.empty();
        }
    }

    /**
     * Names the application's registry bean for operators: its bean class (the producer's class for a producer).
     *
     * @return a description, or {@code none}
     */
    public String applicationRegistryDescription() {
        if (!applicationRegistries.isResolvable()) {
            return "none";
        }
        return "a bean of "
                + applicationRegistries.getHandle().getBean().getBeanClass().getName();
    }

    private static Optional<PrometheusMeterRegistry> prometheusIn(MeterRegistry candidate) {
        if (candidate instanceof PrometheusMeterRegistry prometheus) {
            return Optional.of(prometheus);
        }
        if (candidate instanceof CompositeMeterRegistry composite) {
            for (MeterRegistry member : composite.getRegistries()) {
                Optional<PrometheusMeterRegistry> found = prometheusIn(member);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether metrics are on.
     *
     * @return {@code switchboard.metrics.enabled}
     */
    public boolean enabled() {
        return settings.enabled();
    }

    /**
     * The metrics settings.
     *
     * @return the settings
     */
    public MetricsSettings settings() {
        return settings;
    }

    /**
     * Registers the meters and the JMX view, and installs the timers; does nothing when metrics are off or already
     * started.
     *
     * @param contextPath the servlet context path, which names the JMX view so two applications do not clash
     */
    public void start(String contextPath) {
        Optional<MeterRegistry> chosen = registry();
        if (chosen.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "Metrics are off (switchboard.metrics.enabled=false)");
            return;
        }
        lock.lock();
        try {
            if (started) {
                return;
            }
            started = true;
            MeterRegistry target = chosen.get();
            common = cluster.enabled() ? Tags.of("node", cluster.nodeId()) : Tags.empty();
            registerFixed(target);
            if (own != null) {
                // JVM meters only in a registry of Switchboard's own: an application's registry has its own choice.
                bindJvm(target);
            }
            // Every kind of connection this application can have gets its meters now, at 0, so that a registry
            // nobody scrapes before the first connection (a push registry) and dashboards see them from the start.
            for (Transport transport : Transport.values()) {
                registerKind(target, new Kind(transport, Traffic.NO_SUBPROTOCOL));
                subprotocols.stream()
                        .findFirst()
                        .ifPresent(known ->
                                known.supported().forEach(name -> registerKind(target, new Kind(transport, name))));
            }
            registerNew(target, read());
            mbeanName = registerMBean(contextPath);
        } finally {
            lock.unlock();
        }
    }

    /** Removes the meters, the JMX view and the timers, and closes Switchboard's own registry. */
    @PreDestroy
    public void stop() {
        lock.lock();
        try {
            if (!started) {
                closeOwn();
                return;
            }
            started = false;
            hub.stream().findFirst().ifPresent(h -> h.timers(null, null));
            timingForwards = false;
            forwardingTimers.values().forEach(registry::remove);
            forwardingTimers.clear();
            if (mbeanName != null) {
                try {
                    ManagementFactory.getPlatformMBeanServer().unregisterMBean(mbeanName);
                } catch (JMException e) {
                    LOG.log(System.Logger.Level.DEBUG, "The metrics MBean was already gone", e);
                }
                mbeanName = null;
            }
            for (AutoCloseable binder : binders) {
                try {
                    binder.close();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.WARNING, "Closing a JVM meter binder failed", e);
                }
            }
            binders.clear();
            for (Meter meter : meters) {
                registry.remove(meter);
            }
            meters.clear();
            registeredKeys.clear();
            closeOwn();
        } finally {
            lock.unlock();
        }
    }

    private void closeOwn() {
        if (own != null) {
            own.close();
            own = null;
            registry = null;
        }
    }

    /**
     * Registers the meters of kinds that appeared since the last call (a new subprotocol, close code, firewall
     * rule, authentication method). The endpoint and the JMX view call it before reading; readings taken for
     * another registry's publishing call it on the scheduler.
     */
    public void refresh() {
        lock.lock();
        try {
            if (started) {
                registerNew(registry, read());
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The meters of the registry in use, for the JMX view.
     *
     * @return the meters, or none when metrics are not started
     */
    List<Meter> meters() {
        lock.lock();
        try {
            return started ? List.copyOf(registry.getMeters()) : List.of();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void forwarded(String route, int status, long nanos) {
        MeterRegistry target = registry;
        if (!timingForwards || target == null) {
            return;
        }
        forwardingTimers
                .computeIfAbsent(
                        List.of(route, status),
                        key -> Timer.builder("switchboard.forwarding.requests")
                                .description(
                                        "Requests a forwarding route answered, by route and status, and their time")
                                .publishPercentileHistogram()
                                .minimumExpectedValue(Duration.ofMillis(1))
                                .maximumExpectedValue(Duration.ofSeconds(60))
                                .tags(common.and("route", route, "status", Integer.toString(status)))
                                .register(target))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    // ---- the meters --------------------------------------------------------------------------------------

    private void registerFixed(MeterRegistry target) {
        add(Gauge.builder(
                        "switchboard.outbound.queued",
                        this,
                        m -> m.read().queues().total())
                .description("Frames waiting in the outbound queues of the open connections")
                .baseUnit("frames")
                .tags(common)
                .register(target));
        add(Gauge.builder(
                        "switchboard.outbound.queued.max",
                        this,
                        m -> m.read().queues().max())
                .description("Frames waiting in the outbound queue of the connection with the most")
                .baseUnit("frames")
                .tags(common)
                .register(target));
        add(FunctionCounter.builder(
                        "switchboard.slow.consumer.disconnects",
                        this,
                        m -> m.read().closes().getOrDefault(CloseCodes.SLOW_CONSUMER, 0L))
                .description("Connections closed because their outbound queue overflowed (close code 4008)")
                .tags(common)
                .register(target));
        Timer publish = Timer.builder("switchboard.publish.to.enqueue")
                .description("From a publication handed to the broker to its frames in the subscribers' queues")
                // Buckets, from which Prometheus computes any percentile across nodes; client-side percentiles
                // would cost a lock per record and are not exported next to a histogram anyway.
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .tags(common)
                .register(target);
        add(publish);
        Timer lag = null;
        if (cluster.enabled()) {
            lag = Timer.builder("switchboard.cluster.lag")
                    .description("From another node's send of a publication, right after accepting it, to its"
                            + " arrival here (the nodes' clocks must agree)")
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .tags(common)
                    .register(target);
            add(lag);
            add(Gauge.builder(
                            "switchboard.cluster.link.up",
                            this,
                            m -> m.broker.isResolvable() && m.broker.get().linked() ? 1 : 0)
                    .description("1 while the cluster's messaging link is up, else 0")
                    .tags(common)
                    .register(target));
        }
        if (historySettings.store() != HistorySettings.Store.NONE) {
            Tags store = common.and("store", historySettings.store().name().toLowerCase(java.util.Locale.ROOT));
            add(Gauge.builder(
                            "switchboard.history.channels",
                            this,
                            m -> m.read()
                                    .history()
                                    .map(HistoryStore.Size::channels)
                                    .orElse(0L))
                    .description("Channels the history store holds")
                    .tags(store)
                    .register(target));
            add(Gauge.builder(
                            "switchboard.history.entries",
                            this,
                            m -> m.read()
                                    .history()
                                    .map(HistoryStore.Size::entries)
                                    .orElse(0L))
                    .description("Entries the history store holds over all channels")
                    .tags(store)
                    .register(target));
        }
        timingForwards = true;
        Timer lagTimer = lag;
        hub.stream()
                .findFirst()
                .ifPresent(h -> h.timers(
                        nanos -> publish.record(nanos, TimeUnit.NANOSECONDS),
                        lagTimer == null ? null : millis -> lagTimer.record(millis, TimeUnit.MILLISECONDS)));
    }

    private void bindJvm(MeterRegistry target) {
        new ClassLoaderMetrics(common).bindTo(target);
        JvmMemoryMetrics memory = new JvmMemoryMetrics(common);
        memory.bindTo(target);
        JvmGcMetrics gc = new JvmGcMetrics(common);
        gc.bindTo(target);
        binders.add(gc);
        new JvmThreadMetrics(common).bindTo(target);
        new ProcessorMetrics(common).bindTo(target);
        new UptimeMetrics(common).bindTo(target);
    }

    /** Registers the meters of every kind the reading shows that has none yet; called under {@link #lock}. */
    private void registerNew(MeterRegistry target, Reading now) {
        for (Kind kind : now.traffic().keySet()) {
            registerKind(target, kind);
        }
        registerCounts(target, now);
    }

    /** Registers the connection and traffic meters of one kind of connection, unless it has them. */
    private void registerKind(MeterRegistry target, Kind kind) {
        if (!registeredKeys.add(kind)) {
            return;
        }
        Tags tags = common.and("transport", kind.transport().name().toLowerCase(java.util.Locale.ROOT))
                .and("subprotocol", kind.subprotocol());
        add(Gauge.builder("switchboard.connections", this, m -> traffic(m, kind).open())
                .description("Open connections")
                .tags(tags)
                .register(target));
        add(FunctionCounter.builder(
                        "switchboard.connections.opened",
                        this,
                        m -> traffic(m, kind).opened())
                .description("Connections opened since the start")
                .tags(tags)
                .register(target));
        add(FunctionCounter.builder(
                        "switchboard.messages.received",
                        this,
                        m -> traffic(m, kind).messagesIn())
                .description("Messages received from clients")
                .tags(tags)
                .register(target));
        add(FunctionCounter.builder(
                        "switchboard.messages.sent", this, m -> traffic(m, kind).messagesOut())
                .description("Messages handed to the transport for clients")
                .tags(tags)
                .register(target));
        add(FunctionCounter.builder(
                        "switchboard.received", this, m -> traffic(m, kind).bytesIn())
                .description("Payload bytes received from clients")
                .baseUnit("bytes")
                .tags(tags)
                .register(target));
        add(FunctionCounter.builder(
                        "switchboard.sent", this, m -> traffic(m, kind).bytesOut())
                .description("Payload bytes handed to the transport for clients")
                .baseUnit("bytes")
                .tags(tags)
                .register(target));
    }

    private void registerCounts(MeterRegistry target, Reading now) {
        for (Integer code : now.closes().keySet()) {
            if (registeredKeys.add("close:" + code)) {
                add(FunctionCounter.builder(
                                "switchboard.closes",
                                this,
                                m -> m.read().closes().getOrDefault(code, 0L))
                        .description("Connections closed, by close code")
                        .tags(common.and("code", Integer.toString(code)))
                        .register(target));
            }
        }
        for (String counter : now.firewall().keySet()) {
            if (!registeredKeys.add("firewall:" + counter)) {
                continue;
            }
            FunctionCounter.Builder<SwitchboardMetrics> builder;
            if (FIREWALL_EVENTS.contains(counter)) {
                builder = FunctionCounter.builder("switchboard.firewall.events", this, m -> firewallCount(m, counter))
                        .description("Firewall events: bans issued, received and stored")
                        .tags(common.and("event", counter));
            } else {
                boolean logged = counter.endsWith(LOGGED_SUFFIX);
                String rule = logged ? counter.substring(0, counter.length() - LOGGED_SUFFIX.length()) : counter;
                builder = FunctionCounter.builder(
                                "switchboard.firewall.decisions", this, m -> firewallCount(m, counter))
                        .description("Firewall rule decisions against requests and messages, by rule and outcome")
                        .tags(common.and("rule", rule, "outcome", logged ? "logged" : "refused"));
            }
            add(builder.register(target));
        }
        for (Authentication.Outcome outcome : now.authentications().keySet()) {
            if (registeredKeys.add(outcome)) {
                add(FunctionCounter.builder(
                                "switchboard.authentications",
                                this,
                                m -> m.read().authentications().getOrDefault(outcome, 0L))
                        .description("Credential verifications, by method and outcome")
                        .tags(common.and(
                                "method", outcome.method(), "outcome", outcome.accepted() ? "accepted" : "refused"))
                        .register(target));
            }
        }
    }

    private static double firewallCount(SwitchboardMetrics metrics, String counter) {
        return metrics.read().firewall().getOrDefault(counter, 0L);
    }

    private static Traffic traffic(SwitchboardMetrics metrics, Kind kind) {
        Traffic traffic = metrics.read().traffic().get(kind);
        return traffic != null ? traffic : new Traffic(kind.transport(), kind.subprotocol(), 0, 0, 0, 0, 0, 0);
    }

    private void add(Meter meter) {
        meters.add(meter);
    }

    // ---- the reading -------------------------------------------------------------------------------------

    /** The current reading: the cached one while it is younger than the TTL, else a new one. */
    private Reading read() {
        Reading current = last;
        long now = System.nanoTime();
        long ttl = settings.readingTtl().toNanos();
        if (current != null && now - current.takenNanos() < ttl) {
            return current;
        }
        reading.lock();
        try {
            current = last;
            if (current != null && System.nanoTime() - current.takenNanos() < ttl) {
                return current;
            }
            Reading fresh = take();
            last = fresh;
            if (current != null && hasNewKinds(current, fresh)) {
                // Registering from inside a meter's function could run in the middle of another registry's
                // publishing; the scheduler does it a moment later instead.
                scheduler.stream().findFirst().ifPresent(s -> s.execute(this::refresh));
            }
            return fresh;
        } finally {
            reading.unlock();
        }
    }

    private static boolean hasNewKinds(Reading before, Reading after) {
        return !before.traffic().keySet().containsAll(after.traffic().keySet())
                || !before.closes().keySet().containsAll(after.closes().keySet())
                || !before.firewall().keySet().containsAll(after.firewall().keySet())
                || !before.authentications()
                        .keySet()
                        .containsAll(after.authentications().keySet());
    }

    private Reading take() {
        Map<Kind, Traffic> traffic = new HashMap<>();
        for (Traffic kind : connections.traffic()) {
            traffic.put(new Kind(kind.transport(), kind.subprotocol()), kind);
        }
        Optional<HistoryStore.Size> size = Optional.empty();
        if (historySettings.store() != HistorySettings.Store.NONE && history.isResolvable()) {
            try {
                size = history.get().size();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Reading the history store''s size failed: {0}", e.getMessage());
            }
        }
        return new Reading(
                System.nanoTime(),
                traffic,
                connections.queueDepth(),
                connections.closes(),
                firewall.isResolvable() ? firewall.get().counters() : Map.of(),
                authentication.isResolvable() ? authentication.get().outcomes() : Map.of(),
                size);
    }

    // ---- JMX ---------------------------------------------------------------------------------------------

    private ObjectName registerMBean(String contextPath) {
        try {
            ObjectName name = MetricsMBean.name(contextPath);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                // Left behind by an application that did not stop cleanly: this one's figures replace it.
                server.unregisterMBean(name);
            }
            server.registerMBean(new MetricsMBean(this), name);
            return name;
        } catch (JMException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "The metrics could not be registered in JMX", e);
            return null;
        }
    }
}
