package dev.switchboard.config;

/**
 * Every configuration key Switchboard reads, with its default and unit. {@code docs/configuration.md} is the
 * same list for administrators; keep them in step.
 */
public final class ConfigKeys {

    /** Prefix of every key, also the system-property prefix. */
    public static final String PREFIX = "switchboard.";

    /** Embedded server: HTTP port. Default 8080. The {@code --port N} argument overrides it. */
    public static final String PORT = PREFIX + "port";
    /** Embedded server: address to bind. Default {@code 0.0.0.0} (all interfaces). */
    public static final String HOST = PREFIX + "host";
    /** Embedded server: PKCS#12 or JKS keystore path; when set, an HTTPS/h2/wss connector opens. Default none. */
    public static final String TLS_KEYSTORE = PREFIX + "tls.keystore";
    /** Embedded server: keystore password. Default empty. */
    public static final String TLS_KEYSTORE_PASSWORD = PREFIX + "tls.keystore-password";
    /** Embedded server: keystore type, {@code PKCS12} or {@code JKS}. Default {@code PKCS12}. */
    public static final String TLS_KEYSTORE_TYPE = PREFIX + "tls.keystore-type";
    /** Embedded server: TLS port. Default 8443. */
    public static final String TLS_PORT = PREFIX + "tls.port";
    /**
     * Embedded server: whether TLS clients are asked for a certificate, {@code none}, {@code want} (a client without
     * one still connects) or {@code need} (the handshake fails without one). A certificate must chain to the trust
     * store. Default none.
     */
    public static final String TLS_CLIENT_AUTH = PREFIX + "tls.client-auth";
    /** Embedded server: the trust store client certificates are checked against. Required with client-auth. */
    public static final String TLS_TRUSTSTORE = PREFIX + "tls.truststore";
    /** Embedded server: the trust store's password. Default empty. */
    public static final String TLS_TRUSTSTORE_PASSWORD = PREFIX + "tls.truststore-password";
    /** Embedded server: the trust store's type, {@code PKCS12} or {@code JKS}. Default PKCS12. */
    public static final String TLS_TRUSTSTORE_TYPE = PREFIX + "tls.truststore-type";
    /**
     * Embedded server: directory of its H2 database file ({@code switchboard.mv.db}), created when missing.
     * Default none: the database lives in memory and starts empty on every start.
     */
    public static final String DATA_DIR = PREFIX + "data-dir";
    /**
     * Embedded server: a directory whose files are served as static content at the context root, in front of the web
     * module's own pages (Switchboard's servlets and filters still come first). Default none: only the web module's
     * pages are served.
     */
    public static final String DOCUMENT_ROOT = PREFIX + "document-root";
    /**
     * Embedded server: {@code Cache-Control: max-age} of every static file (document root and web module pages), in
     * seconds; 0 sends {@code no-cache}, so clients revalidate with the ETag every time. Default 300.
     */
    public static final String STATIC_MAX_AGE = PREFIX + "static.max-age";
    /**
     * Embedded server: most byte ranges one {@code Range} header may ask of a static file; more are refused with 416.
     * Default 16.
     */
    public static final String STATIC_MAX_RANGES = PREFIX + "static.max-ranges";

    /**
     * JNDI name of the DataSource that stores history, bans and users. Default
     * {@code java:comp/env/jdbc/switchboard} (the embedded server binds an H2 database there; on WildFly the
     * {@code wildfly-config} scripts set this key to the datasource they create).
     */
    public static final String DATASOURCE = PREFIX + "datasource";
    /**
     * Embedded server only: the JDBC URL of the DataSource it binds, for example an H2 server every node of a cluster
     * uses ({@code jdbc:h2:tcp://db-host/switchboard}); the bundled driver is H2's. Default: an in-memory H2 database,
     * or a file in {@link #DATA_DIR} when that is set.
     */
    public static final String DATASOURCE_URL = PREFIX + "datasource.url";

    /**
     * The JNDI name of the scheduled executor every timed and background task runs on, when set. Unset, Switchboard
     * runs an executor of its own on the container's managed threads ({@code java:comp/DefaultManagedThreadFactory}),
     * shut down with the application (the container's shared scheduled executor keeps cancelled timers, and with them
     * the undeployed application, until they are due); without a managed thread factory, the executor at
     * {@code java:comp/DefaultManagedScheduledExecutorService} (the embedded server binds the one it owns there), else
     * its own.
     */
    public static final String SCHEDULER_JNDI_NAME = PREFIX + "scheduler.jndi-name";

    /** Threads of Switchboard's own scheduled executor (on the container's managed threads, or its own). Default 4. */
    public static final String SCHEDULER_THREADS = PREFIX + "scheduler.threads";

    /**
     * Fewest subscribers whose writes one fan-out hands to another thread as a batch. A publication is queued to every
     * subscriber on the publishing thread, in order; the writes of the subscribers that were idle are then started in
     * up to one batch per processor, the publishing thread taking one. Smaller fan-outs are written on the publishing
     * thread alone; 0 writes every fan-out there. Default 256.
     */
    public static final String FANOUT_BATCH = PREFIX + "hub.fanout-batch";

    /**
     * Servlet URL patterns, comma-separated, on which a WebSocket upgrade is accepted. Default {@code /*}:
     * sgc clients connect to the server root and the request URL is a connection attribute.
     */
    public static final String WEBSOCKET_PATHS = PREFIX + "websocket.paths";
    /** Largest inbound text message, in bytes; larger ones close the connection with 1009. Default 1048576. */
    public static final String WEBSOCKET_MAX_TEXT_MESSAGE_SIZE = PREFIX + "websocket.max-text-message-size";
    /** Largest inbound binary message, in bytes; larger ones close the connection with 1009. Default 1048576. */
    public static final String WEBSOCKET_MAX_BINARY_MESSAGE_SIZE = PREFIX + "websocket.max-binary-message-size";
    /** Idle timeout of a WebSocket connection, in seconds; 0 keeps the container's default. Default 0. */
    public static final String WEBSOCKET_IDLE_TIMEOUT = PREFIX + "websocket.idle-timeout";
    /**
     * What to do when a client offers subprotocols and none is supported: {@code reject} answers the handshake
     * with HTTP 400; {@code accept} opens the connection without a subprotocol (RFC 6455 then has the client
     * fail it). Default {@code reject}.
     */
    public static final String WEBSOCKET_UNSUPPORTED_SUBPROTOCOL = PREFIX + "websocket.unsupported-subprotocol";
    /** Most messages waiting in one connection's outbound queue before it is closed as slow. Default 1024. */
    public static final String OUTBOUND_MAX_MESSAGES = PREFIX + "outbound.max-messages";
    /** Most bytes waiting in one connection's outbound queue before it is closed as slow. Default 1048576. */
    public static final String OUTBOUND_MAX_BYTES = PREFIX + "outbound.max-bytes";
    /**
     * Bytes per second each connection is written at, at most; messages wait in its queue meanwhile, within the
     * queue's bounds. {@code Gateway.throttle} sets it per connection. Default 0: no limit.
     */
    public static final String OUTBOUND_THROTTLE = PREFIX + "outbound.throttle";
    /**
     * Lanes of publications in the outbound queues, comma-separated {@code mask=high|normal|low}, first match wins;
     * a waiting message of a higher lane is written first. Default none: every message is normal.
     */
    public static final String OUTBOUND_CHANNEL_PRIORITIES = PREFIX + "outbound.channel-priorities";
    /** Most channel masks of {@code channel-priorities}, and most a connection may be given. Default 16. */
    public static final String OUTBOUND_MAX_PRIORITY_MASKS = PREFIX + "outbound.max-priority-masks";

    /**
     * Allowed {@code Origin} values of WebSocket handshakes, comma-separated; {@code *} allows any origin and a
     * port may be {@code *} ({@code http://intranet:*}). Default empty: the origin must name the request's own
     * host and port. Handshakes without an {@code Origin} header (non-browser clients) are not affected; a
     * refused origin gets HTTP 403.
     */
    public static final String WEBSOCKET_ALLOWED_ORIGINS = PREFIX + "websocket.allowed-origins";
    /** Most open connections; further handshakes get HTTP 503 before the upgrade. Default 0: no limit. */
    public static final String MAX_CONNECTIONS = PREFIX + "max-connections";
    /** Whether channel names containing {@code *}, {@code ?} or {@code [} are masks. Default true. */
    public static final String CHANNELS_MASKS = PREFIX + "channels.masks";
    /**
     * Most UTF-16 code units in one channel name or mask a client sends (after NFC); longer ones are refused
     * (sgc: -32602; SSE: HTTP 400). Default 256.
     */
    public static final String CHANNELS_MAX_LENGTH = PREFIX + "channels.max-length";
    /** Most wildcards ({@code *} runs, {@code ?}, sets) in one mask a client sends. Default 16. */
    public static final String CHANNELS_MAX_WILDCARDS = PREFIX + "channels.max-wildcards";
    /** Most names in one comma list of channels a client sends. Default 64. */
    public static final String CHANNELS_MAX_LIST = PREFIX + "channels.max-list";
    /**
     * Most channels and masks one authenticated connection may be subscribed to at once; more are refused
     * (sgc: -32029). Default 1000.
     */
    public static final String BUDGET_SUBSCRIPTIONS = PREFIX + "budget.subscriptions";
    /** As {@link #BUDGET_SUBSCRIPTIONS}, for an anonymous connection. Default 100. */
    public static final String BUDGET_ANONYMOUS_SUBSCRIPTIONS = PREFIX + "budget.anonymous.subscriptions";

    /**
     * Most protocol properties (MQTT 5 properties, STOMP headers) one publication may carry through the broker;
     * more: the publication is refused with the protocol's error. Default 64.
     */
    public static final String PUBLICATION_MAX_PROPERTIES = PREFIX + "publication.max-properties";
    /** Most UTF-8 bytes of the names and values of one publication's properties. Default 16384. */
    public static final String PUBLICATION_MAX_PROPERTIES_BYTES = PREFIX + "publication.max-properties-bytes";

    /** Whether connections are pinged to find dead peers. Default true. */
    public static final String HEARTBEAT_ENABLED = PREFIX + "heartbeat.enabled";
    /** Seconds between heartbeat pings. Default 30. */
    public static final String HEARTBEAT_INTERVAL = PREFIX + "heartbeat.interval";
    /** Seconds a ping may stay unanswered before the connection is closed with 4009. Default 30. */
    public static final String HEARTBEAT_TIMEOUT = PREFIX + "heartbeat.timeout";
    /** Ping only connections that sent nothing during the last interval. Default false. */
    public static final String HEARTBEAT_ONLY_WHEN_IDLE = PREFIX + "heartbeat.only-when-idle";
    /**
     * Seconds a ping asked for with {@link dev.switchboard.api.Gateway#ping} waits for its pong before its result
     * completes exceptionally with a {@link java.util.concurrent.TimeoutException}. Default 10.
     */
    public static final String PING_TIMEOUT = PREFIX + "ping.timeout";

    /**
     * sgc protocol: QoS level of the messages the server tracks until the client acknowledges them (the session
     * message, RPC results and errors): {@code 0}, {@code 1} or {@code 2}. Default 0 (nothing tracked).
     */
    public static final String SGC_QOS_LEVEL = PREFIX + "sgc.qos.level";
    /** sgc protocol: how often unacknowledged server messages are scanned for re-sending, in seconds. Default 60. */
    public static final String SGC_QOS_INTERVAL = PREFIX + "sgc.qos.interval";
    /** sgc protocol: age after which an unacknowledged server message is re-sent, in seconds. Default 300. */
    public static final String SGC_QOS_TIMEOUT = PREFIX + "sgc.qos.timeout";
    /**
     * sgc protocol (QoS session extension): how long the QoS 2 state of a closed connection that named a QoS
     * session ({@code sgc@qos-session}) is kept for the client's next connection, in seconds; 0 turns the
     * extension off ({@code sgc@qos-session} then gets -32601). Default 60.
     */
    public static final String SGC_QOS_SESSION_TTL = PREFIX + "sgc.qos.session-ttl";
    /**
     * sgc protocol (QoS session extension): most QoS sessions of closed connections kept on this node; beyond it
     * the one kept longest is dropped. Default 10000.
     */
    public static final String SGC_QOS_MAX_SESSIONS = PREFIX + "sgc.qos.max-sessions";
    /** STOMP: most bytes of one frame (command, headers and body); larger frames get ERROR and a close. Default 65536. */
    public static final String STOMP_MAX_FRAME_BYTES = PREFIX + "stomp.max-frame-bytes";
    /** STOMP: most headers of one frame. Default 32. */
    public static final String STOMP_MAX_HEADERS = PREFIX + "stomp.max-headers";
    /** STOMP: most bytes of one header line (name, colon and value, escaped). Default 4096. */
    public static final String STOMP_MAX_HEADER_LENGTH = PREFIX + "stomp.max-header-length";
    /** STOMP: the server's heart-beat send interval offered in CONNECTED, in milliseconds; 0 sends none. Default 10000. */
    public static final String STOMP_HEARTBEAT_SEND = PREFIX + "stomp.heartbeat.send";
    /** STOMP: the client heart-beat interval the server asks for in CONNECTED, in milliseconds; 0 asks none. Default 10000. */
    public static final String STOMP_HEARTBEAT_RECEIVE = PREFIX + "stomp.heartbeat.receive";
    /** STOMP: a client silent for the negotiated interval times this factor is closed (4009). Default 2. */
    public static final String STOMP_HEARTBEAT_TOLERANCE = PREFIX + "stomp.heartbeat.tolerance";
    /** STOMP: most unacknowledged messages of one client-ack subscription; more get ERROR and a close. Default 1000. */
    public static final String STOMP_MAX_PENDING_ACKS = PREFIX + "stomp.max-pending-acks";
    /** STOMP: most transactions one connection has open. Default 8. */
    public static final String STOMP_MAX_TRANSACTIONS = PREFIX + "stomp.max-transactions";
    /** STOMP: most frames one transaction holds. Default 1000. */
    public static final String STOMP_MAX_TRANSACTION_FRAMES = PREFIX + "stomp.max-transaction-frames";
    /** STOMP: milliseconds a connection may stay open without sending CONNECT. Default 10000. */
    public static final String STOMP_CONNECT_TIMEOUT = PREFIX + "stomp.connect-timeout";
    /**
     * STOMP in a cluster: how long a node's announced interest in a {@code /queue/} lasts, in milliseconds; renewed
     * every third of it, so a node that died stops getting queue messages within it. Default 15000.
     */
    public static final String STOMP_QUEUE_LEASE = PREFIX + "stomp.queue-lease";
    /** E2EE relay: most characters of one frame of the relay protocol; more is refused. Default 65536. */
    public static final String E2EE_MAX_MESSAGE_CHARS = PREFIX + "e2ee.max-message-chars";
    /** E2EE relay: most users with a published identity key; a new user's key beyond it is refused. Default 100000. */
    public static final String E2EE_MAX_KEYS = PREFIX + "e2ee.max-keys";
    /** E2EE relay: most groups; creating one more is refused. Default 10000. */
    public static final String E2EE_MAX_GROUPS = PREFIX + "e2ee.max-groups";
    /** E2EE relay: most members of one group; joining a full group is refused. Default 256. */
    public static final String E2EE_MAX_GROUP_MEMBERS = PREFIX + "e2ee.max-group-members";
    /** E2EE relay: most groups one user is a member of. Default 100. */
    public static final String E2EE_MAX_GROUPS_OF_USER = PREFIX + "e2ee.max-groups-of-user";
    /** sgc protocol: most messages one channel keeps at queue level 2 (oldest dropped first). Default 1000. */
    public static final String SGC_QUEUE_MAX_MESSAGES = PREFIX + "sgc.queue.max-messages";
    /** sgc protocol: most messages one open transaction holds; more are refused with -32000. Default 1000. */
    public static final String SGC_TRANSACTION_MAX_MESSAGES = PREFIX + "sgc.transaction.max-messages";
    /**
     * sgc protocol: most channels with a queue (levels 1 and 2) in the whole server; a new one evicts the queue
     * least recently written. Default 10000.
     */
    public static final String SGC_QUEUE_MAX_CHANNELS = PREFIX + "sgc.queue.max-channels";
    /**
     * sgc protocol: most bytes (UTF-16 code units times two) of queued messages in the whole server; the queues
     * least recently written are evicted first. Default 67108864 (64 MiB).
     */
    public static final String SGC_QUEUE_MAX_BYTES = PREFIX + "sgc.queue.max-bytes";
    /** sgc protocol: most open transactions of one authenticated connection; more get -32029. Default 16. */
    public static final String SGC_BUDGET_TRANSACTIONS = PREFIX + "sgc.budget.transactions";
    /** sgc protocol: most bytes held in one authenticated connection's open transactions. Default 4194304. */
    public static final String SGC_BUDGET_TRANSACTION_BYTES = PREFIX + "sgc.budget.transaction-bytes";
    /** sgc protocol: most client QoS 2 messages one authenticated connection has waiting for release. Default 256. */
    public static final String SGC_BUDGET_QOS_MESSAGES = PREFIX + "sgc.budget.qos-messages";
    /** sgc protocol: most bytes of QoS 2 messages one authenticated connection has waiting. Default 4194304. */
    public static final String SGC_BUDGET_QOS_BYTES = PREFIX + "sgc.budget.qos-bytes";
    /** sgc protocol: most channel queues one authenticated connection has created and that still exist. Default 64. */
    public static final String SGC_BUDGET_QUEUE_CHANNELS = PREFIX + "sgc.budget.queue-channels";
    /** sgc protocol: most bytes one authenticated connection's messages take in channel queues. Default 4194304. */
    public static final String SGC_BUDGET_QUEUE_BYTES = PREFIX + "sgc.budget.queue-bytes";
    /** As {@link #SGC_BUDGET_TRANSACTIONS}, for an anonymous connection. Default 4. */
    public static final String SGC_BUDGET_ANONYMOUS_TRANSACTIONS = PREFIX + "sgc.budget.anonymous.transactions";
    /** As {@link #SGC_BUDGET_TRANSACTION_BYTES}, for an anonymous connection. Default 262144. */
    public static final String SGC_BUDGET_ANONYMOUS_TRANSACTION_BYTES =
            PREFIX + "sgc.budget.anonymous.transaction-bytes";
    /** As {@link #SGC_BUDGET_QOS_MESSAGES}, for an anonymous connection. Default 32. */
    public static final String SGC_BUDGET_ANONYMOUS_QOS_MESSAGES = PREFIX + "sgc.budget.anonymous.qos-messages";
    /** As {@link #SGC_BUDGET_QOS_BYTES}, for an anonymous connection. Default 262144. */
    public static final String SGC_BUDGET_ANONYMOUS_QOS_BYTES = PREFIX + "sgc.budget.anonymous.qos-bytes";
    /** As {@link #SGC_BUDGET_QUEUE_CHANNELS}, for an anonymous connection. Default 4. */
    public static final String SGC_BUDGET_ANONYMOUS_QUEUE_CHANNELS = PREFIX + "sgc.budget.anonymous.queue-channels";
    /** As {@link #SGC_BUDGET_QUEUE_BYTES}, for an anonymous connection. Default 262144. */
    public static final String SGC_BUDGET_ANONYMOUS_QUEUE_BYTES = PREFIX + "sgc.budget.anonymous.queue-bytes";
    /** sgc protocol: limit RPC calls to {@link #SGC_RPC_ALLOWED_METHODS}. Default false. */
    public static final String SGC_RPC_AUTHORIZATION = PREFIX + "sgc.rpc.authorization";
    /**
     * sgc protocol: the RPC methods allowed when {@link #SGC_RPC_AUTHORIZATION} is on, comma-separated, each
     * {@code method} (anyone) or {@code method=user} (only the connection whose principal has that name). Default
     * empty (no method allowed).
     */
    public static final String SGC_RPC_ALLOWED_METHODS = PREFIX + "sgc.rpc.allowed-methods";
    /**
     * RPC (sgc protocol and WAMP dealer): how many calls of one connection whose {@code @RpcMethod} returned a
     * {@code CompletionStage} may be pending at once. A call beyond it is refused with JSON-RPC error -32029 (a WAMP
     * ERROR carrying that code) without running the method. Default 16.
     */
    public static final String RPC_MAX_PENDING = PREFIX + "rpc.max-pending";

    /**
     * Where channel history is kept, for resuming clients: {@code memory} (this node's heap, lost on restart),
     * {@code jdbc} (the DataSource named by {@link #DATASOURCE}, tables created on first use) or {@code none}.
     * Default {@code memory}.
     */
    public static final String HISTORY_STORE = PREFIX + "history.store";
    /** Most publications kept per channel; older ones are evicted. Default 100. */
    public static final String HISTORY_MAX_MESSAGES = PREFIX + "history.max-messages";
    /** Seconds a publication is kept in a channel's history. Default 300. */
    public static final String HISTORY_MAX_AGE = PREFIX + "history.max-age";
    /**
     * Most channels with history in the whole store; a new channel evicts the channels least recently appended
     * to (their resuming clients get an {@code epoch} gap). Memory and JDBC stores. Default 10000.
     */
    public static final String HISTORY_MAX_CHANNELS = PREFIX + "history.max-channels";
    /**
     * Most bytes (UTF-16 code units times two) of retained publications in the whole store; over it, the
     * channels least recently appended to are evicted whole. Memory store only. Default 67108864 (64 MiB).
     */
    public static final String HISTORY_MAX_BYTES = PREFIX + "history.max-bytes";

    /**
     * Most publications of one channel the in-memory broker holds waiting for a history store that may block (JDBC)
     * to append them; a publisher finding the lane full waits up to {@link #BROKER_LANE_WAIT}, then the publication
     * is refused. Stores that never block (memory, none) append on the publisher's thread and use no lane. Default
     * 1024.
     */
    public static final String BROKER_LANE_CAPACITY = PREFIX + "broker.lane-capacity";
    /**
     * How long a publisher waits, in milliseconds, for room in a full channel lane of the in-memory broker before the
     * publication is refused (an sgc client gets an error instead of an acknowledgment). Default 1000.
     */
    public static final String BROKER_LANE_WAIT = PREFIX + "broker.lane-wait";
    /**
     * Milliseconds a broker stops calling a history store for a channel after an append to it failed (a database that
     * is down): the channel's publications in between are delivered at once without a position instead of each
     * waiting for the failing store, and the first one after it tries the store again. 0 tries the store for every publication. Default 2000.
     */
    public static final String BROKER_HISTORY_RETRY = PREFIX + "broker.history-retry";

    /**
     * Whether this node joins a cluster: publications, broadcasts, group messages, sends, disconnects and
     * announcements travel between nodes over a Jakarta Messaging topic. Default false.
     */
    public static final String CLUSTER_ENABLED = PREFIX + "cluster.enabled";
    /**
     * This node's id in the cluster, unique among the nodes. Default: the {@code jboss.node.name} system property
     * when set, else a random id drawn at startup.
     */
    public static final String CLUSTER_NODE_ID = PREFIX + "cluster.node-id";
    /**
     * The JNDI name of the Jakarta Messaging connection factory. Default {@code java:/JmsXA}, WildFly's pooled
     * (managed) factory; the embedded server binds its own and sets this key.
     */
    public static final String CLUSTER_CONNECTION_FACTORY = PREFIX + "cluster.connection-factory";
    /**
     * The cluster topic: a name starting with {@code java:} is looked up in JNDI, any other is the topic's name on
     * the messaging broker (an Artemis address). Default {@code switchboard.cluster}.
     */
    public static final String CLUSTER_TOPIC = PREFIX + "cluster.topic";
    /**
     * Who receives the cluster topic: {@code listener} (Switchboard opens its own consumer; embedded, or a WAR on
     * its own) or {@code mdb} (the EJB module's message-driven bean, on an application server). Default
     * {@code listener}.
     */
    public static final String CLUSTER_RECEIVER = PREFIX + "cluster.receiver";
    /**
     * Embedded server only: the messaging broker to join, for example {@code tcp://127.0.0.1:61616}. No default.
     */
    public static final String CLUSTER_BROKER_URL = PREFIX + "cluster.broker-url";
    /**
     * Embedded server only: starts an Artemis broker inside this node, accepting at this URL (for example
     * {@code tcp://127.0.0.1:61616}), which this node joins and other nodes join with {@link #CLUSTER_BROKER_URL}.
     * No default.
     */
    public static final String CLUSTER_EMBEDDED_BROKER = PREFIX + "cluster.embedded-broker";
    /**
     * Milliseconds a node holds a publication that arrived ahead of an earlier offset of its channel, waiting for the
     * earlier one, before it reads the missing offsets from the shared history. Default 200.
     */
    public static final String CLUSTER_REORDER_WAIT = PREFIX + "cluster.reorder-wait";
    /** Milliseconds before the first attempt to reconnect a lost messaging link; doubled each time. Default 500. */
    public static final String CLUSTER_RECONNECT_MIN = PREFIX + "cluster.reconnect-min";
    /** Most milliseconds between attempts to reconnect a lost messaging link. Default 30000. */
    public static final String CLUSTER_RECONNECT_MAX = PREFIX + "cluster.reconnect-max";

    /**
     * Whether Server-Sent Events connections are accepted ({@code /sse}, {@code /sgc/xhr}, event-stream GETs on
     * the WebSocket paths). Default true.
     */
    public static final String SSE_ENABLED = PREFIX + "sse.enabled";
    /**
     * Seconds between the comment lines that keep an idle SSE stream open through proxies and find dead peers;
     * 0 turns them off. Default 15.
     */
    public static final String SSE_HEARTBEAT_INTERVAL = PREFIX + "sse.heartbeat-interval";
    /** The reconnection delay sent to SSE clients as {@code retry:}, in milliseconds. Default 3000. */
    public static final String SSE_RETRY = PREFIX + "sse.retry";
    /**
     * Largest body of an SSE message POST ({@code /sgc/xhr/<id>}, {@code /sse/send/<id>}), in bytes; larger gets
     * 413. Default: the value of {@link #WEBSOCKET_MAX_TEXT_MESSAGE_SIZE}, so both transports take the same
     * messages.
     */
    public static final String SSE_POST_MAX_SIZE = PREFIX + "sse.post.max-size";
    /**
     * Longest time, in milliseconds, a client may take to send the whole body of an SSE message POST, however it
     * trickles the bytes; slower gets 408. Default 10000.
     */
    public static final String SSE_POST_READ_TIMEOUT = PREFIX + "sse.post.read-timeout";

    /**
     * Forwarding routes, separated by {@code ;}: {@code /prefix/=upstream[,upstream...] [option=value ...]} or
     * {@code ~regex=upstream...} (a pattern route), for example {@code /legacy/=http://127.0.0.1:9000/}. Upstreams
     * are {@code http}, {@code https}, {@code ws}, {@code wss} or {@code tcp} (WebSocket-to-TCP bridge) URIs; see
     * {@code docs/forwarding.md} for the options. Default empty: forwarding is off (unless
     * {@link #FORWARD_ROUTES_FILE} has routes) and its filter is not installed.
     */
    public static final String FORWARD_ROUTES = PREFIX + "forward.routes";
    /**
     * Path of a routes file read once at start: one route per line in the form of {@link #FORWARD_ROUTES}, with
     * {@code #} comment lines and indented continuation lines; see {@code docs/forwarding.md}. It may be used
     * together with {@link #FORWARD_ROUTES} (a route defined in both is an error). Default none.
     */
    public static final String FORWARD_ROUTES_FILE = PREFIX + "forward.routes-file";
    /**
     * Time allowed for sending a forwarded request and receiving the response head (or the WebSocket
     * handshake), for routes without {@code timeout=}; {@code 500ms}, {@code 30s}, {@code 2m} or seconds.
     * Exceeding it answers 504. Default 30 seconds.
     */
    public static final String FORWARD_TIMEOUT = PREFIX + "forward.timeout";
    /** Time allowed to connect to an upstream, same units; exceeding it answers 504. Default 5 seconds. */
    public static final String FORWARD_CONNECT_TIMEOUT = PREFIX + "forward.connect-timeout";

    /**
     * Whether WebSocket handshakes, SSE streams and {@link #AUTH_PROTECTED_PATHS} need an authenticated principal
     * (else 401 with {@code WWW-Authenticate}). Default false, so the demo pages work without a login; wrong
     * credentials get 401 either way.
     */
    public static final String AUTH_REQUIRED = PREFIX + "auth.required";
    /** The realm named in {@code WWW-Authenticate} challenges. Default {@code switchboard}. */
    public static final String AUTH_REALM = PREFIX + "auth.realm";
    /** Whether {@code Authorization: Basic} is accepted (checked against the credential stores). Default true. */
    public static final String AUTH_BASIC = PREFIX + "auth.basic";
    /** How long a connect ticket stays redeemable, in seconds. Default 30. */
    public static final String AUTH_TICKET_TTL = PREFIX + "auth.ticket-ttl";
    /**
     * Lifetime of a login session from {@code POST /auth/login}, in seconds: connections authenticated by its
     * cookie or tickets expire with it unless they refresh. Default 28800 (8 hours).
     */
    public static final String AUTH_SESSION_MAX_AGE = PREFIX + "auth.session-max-age";
    /**
     * How long before a connection's credential expires its protocol tells the client to refresh, in seconds.
     * Default 60.
     */
    public static final String AUTH_REFRESH_WARNING = PREFIX + "auth.refresh-warning";
    /**
     * Whether the sgc URL credential forms are served ({@code /sgc/req/auth/session/USER/PASSWORD},
     * {@code /sgc/auth/session/TOKEN}, {@code /sgc/auth/url/USER/PASSWORD}). They put passwords in URLs, where logs
     * and proxies keep them; on only for existing sgc clients, logged as unsafe. Default false.
     */
    public static final String AUTH_SGC_URLS = PREFIX + "auth.sgc-urls";
    /**
     * Comma-separated path prefixes (after the context path) of HTTP resources that always need an authenticated
     * principal, whatever {@link #AUTH_REQUIRED} says. Default empty.
     */
    public static final String AUTH_PROTECTED_PATHS = PREFIX + "auth.protected-paths";
    /**
     * Who may subscribe to which channels: {@code pattern=role[,role...]} rules separated by {@code ;}, first match
     * decides; {@code *} in a pattern matches any characters; role {@code *} means any authenticated principal; no
     * roles means anyone. Channels no rule matches are open. Default empty (all open).
     */
    public static final String AUTH_SUBSCRIBE = PREFIX + "auth.subscribe";
    /** Who may publish to which channels, in the {@link #AUTH_SUBSCRIBE} format. Default empty (all open). */
    public static final String AUTH_PUBLISH = PREFIX + "auth.publish";
    /** Who may call which RPC methods, in the {@link #AUTH_SUBSCRIBE} format. Default empty (all open). */
    public static final String AUTH_RPC = PREFIX + "auth.rpc";

    // ---- Authentication budgets: what a client can make the login paths spend ------------------------------

    /**
     * How long a verified {@code Authorization: Basic} credential is remembered, in seconds, so that a client
     * repeating the header does not cost a password hash per request; 0 turns the cache off. An entry is dropped
     * at once when a credential store reports a change or the user logs out. Default 60.
     */
    public static final String AUTH_BASIC_CACHE_TTL = PREFIX + "auth.basic-cache.ttl";
    /** Most verified Basic credentials remembered at once; the least recently used is dropped. Default 10000. */
    public static final String AUTH_BASIC_CACHE_MAX_ENTRIES = PREFIX + "auth.basic-cache.max-entries";
    /**
     * Most unredeemed connect tickets (and sgc session tokens) one user may hold; another login or ticket request
     * gets 429 with {@code Retry-After}. Default 16.
     */
    public static final String AUTH_TICKETS_PER_USER = PREFIX + "auth.tickets.max-per-user";
    /**
     * Most unredeemed connect tickets on this node (with the {@code jdbc} ticket store, in the cluster), all users
     * together; beyond it 429. Default 100000.
     */
    public static final String AUTH_TICKETS_MAX = PREFIX + "auth.tickets.max";
    /**
     * Where connect tickets are kept: {@code memory} (this node's; a ticket is redeemable only on the node that issued
     * it), {@code jdbc} (table {@code sb_ticket} of the DataSource named by {@link #DATASOURCE}, shared by every
     * node, which fails the deployment when no DataSource is bound there) or {@code auto}: {@code jdbc} when
     * {@link #CLUSTER_ENABLED} is true, else {@code memory}. Default {@code auto}.
     */
    public static final String AUTH_TICKETS_STORE = PREFIX + "auth.tickets.store";
    /** Largest body of {@code POST /auth/login}, in bytes; larger gets 413. Default 8192. */
    public static final String AUTH_LOGIN_MAX_BODY_SIZE = PREFIX + "auth.login.max-body-size";
    /**
     * Longest time, in milliseconds, a client may take to send the whole body of {@code POST /auth/login},
     * however it trickles the bytes; slower gets 408. Default 10000.
     */
    public static final String AUTH_LOGIN_READ_TIMEOUT = PREFIX + "auth.login.read-timeout";

    /** Firewall master switch; off lets every request through unexamined. Default true (modules are off). */
    public static final String FIREWALL_ENABLED = PREFIX + "firewall.enabled";
    /**
     * Firewall allow list: comma-separated IPv4/IPv6 addresses and CIDR ranges that are admitted at once, every other
     * check (deny list, bans, brute force, rate, flood and payload limits) skipped. Default empty.
     */
    public static final String FIREWALL_ALLOW = PREFIX + "firewall.allow";
    /** Firewall deny list: addresses and CIDR ranges refused with 403. Default empty. */
    public static final String FIREWALL_DENY = PREFIX + "firewall.deny";
    /**
     * Proxies whose forwarding header ({@link #FIREWALL_CLIENT_ADDRESS_HEADER}) names the real client, as addresses
     * and CIDR ranges. Default empty: the direct peer is the client and forwarding headers are ignored.
     */
    public static final String FIREWALL_TRUSTED_PROXIES = PREFIX + "firewall.trusted-proxies";
    /** Brute-force protection (bans after failed authentications). Default true. */
    public static final String FIREWALL_BRUTE_FORCE_ENABLED = PREFIX + "firewall.brute-force.enabled";
    /** Failed authentications within the window that ban an address (the ban comes on reaching it). Default 10. */
    public static final String FIREWALL_BRUTE_FORCE_MAX_ATTEMPTS = PREFIX + "firewall.brute-force.max-attempts";
    /** Sliding window of failed authentications, in seconds. Default 300. */
    public static final String FIREWALL_BRUTE_FORCE_WINDOW = PREFIX + "firewall.brute-force.window";
    /** Length of a brute-force ban, in seconds; 0 bans until an administrator removes it. Default 300. */
    public static final String FIREWALL_BAN_DURATION = PREFIX + "firewall.brute-force.ban-duration";
    /** Escalating lengths for repeated bans of one address. Default true. */
    public static final String FIREWALL_BAN_ESCALATION_ENABLED = PREFIX + "firewall.ban-escalation.enabled";
    /** Successive ban lengths in seconds, comma-separated; 0 is permanent. Default {@code 300,1800,7200,86400,0}. */
    public static final String FIREWALL_BAN_ESCALATION_LEVELS = PREFIX + "firewall.ban-escalation.levels";
    /** Seconds without a ban after which an address's escalation restarts at the first level. Default 86400. */
    public static final String FIREWALL_BAN_ESCALATION_RESET = PREFIX + "firewall.ban-escalation.reset-after";
    /** Per-address limit on new WebSocket/SSE connections. Default false. */
    public static final String FIREWALL_CONNECTION_RATE_ENABLED = PREFIX + "firewall.connection-rate.enabled";
    /** New connections one address may open per window; more get 429. Default 10. */
    public static final String FIREWALL_CONNECTION_RATE_MAX = PREFIX + "firewall.connection-rate.max";
    /** The connection-rate window, in seconds. Default 60. */
    public static final String FIREWALL_CONNECTION_RATE_WINDOW = PREFIX + "firewall.connection-rate.window";
    /** Per-address cap on open WebSocket/SSE connections. Default false (one NAT address may front many users). */
    public static final String FIREWALL_CONCURRENT_ENABLED = PREFIX + "firewall.concurrent.enabled";
    /** Open connections one address may hold; more get 429. Default 10. */
    public static final String FIREWALL_CONCURRENT_MAX = PREFIX + "firewall.concurrent.max-per-ip";
    /** Per-address inbound message flood limit, across all of the address's connections. Default false. */
    public static final String FIREWALL_FLOOD_ENABLED = PREFIX + "firewall.flood.enabled";
    /** Inbound messages per second one address may send. Default 100. */
    public static final String FIREWALL_FLOOD_MAX = PREFIX + "firewall.flood.max-messages-per-second";
    /** What a flood does: {@code deny} (close 1008), {@code log}, {@code allow}. Default {@code deny}. */
    public static final String FIREWALL_FLOOD_ACTION = PREFIX + "firewall.flood.action";
    /** Firewall payload size limit on inbound messages. Default false. */
    public static final String FIREWALL_PAYLOAD_ENABLED = PREFIX + "firewall.payload.enabled";
    /** Largest inbound message the firewall lets through, in bytes. Default 1048576. */
    public static final String FIREWALL_PAYLOAD_MAX_BYTES = PREFIX + "firewall.payload.max-bytes";
    /** What an oversize message does: {@code deny} (close 1009), {@code log}, {@code allow}. Default {@code deny}. */
    public static final String FIREWALL_PAYLOAD_ACTION = PREFIX + "firewall.payload.action";
    /**
     * Where bans and escalation levels are kept: {@code jdbc} (the DataSource named by {@link #DATASOURCE}, tables
     * created on first use; survives restarts), {@code file} ({@link #FIREWALL_BAN_FILE}) or {@code memory}.
     * Default {@code jdbc}; when no DataSource is found the firewall logs a warning and keeps bans in memory.
     */
    public static final String FIREWALL_BAN_STORE = PREFIX + "firewall.ban-store";
    /**
     * File of the {@code file} ban store (bans and escalation levels, rewritten atomically on every change). Default
     * {@code firewall-bans.txt} in {@link #DATA_DIR}; the {@code file} store needs one of the two.
     */
    public static final String FIREWALL_BAN_FILE = PREFIX + "firewall.ban-file";
    /** SQL injection detection in query strings and inbound text messages. Default false. */
    public static final String FIREWALL_SQL_INJECTION_ENABLED = PREFIX + "firewall.sql-injection.enabled";
    /** Request paths the SQL injection detector applies to ({@code /chat/*}: prefix, else exact). Default {@code /*}. */
    public static final String FIREWALL_SQL_INJECTION_PATHS = PREFIX + "firewall.sql-injection.paths";
    /** What a SQL injection detection does: {@code deny} (403 / close 1008), {@code log}, {@code allow}. Default deny. */
    public static final String FIREWALL_SQL_INJECTION_ACTION = PREFIX + "firewall.sql-injection.action";
    /**
     * Extra regular expressions in RE2 syntax (case-insensitive, matched in linear time on the normalised text) that
     * count as SQL injection. Default empty.
     */
    public static final String FIREWALL_SQL_INJECTION_PATTERNS = PREFIX + "firewall.sql-injection.patterns";
    /** Cross-site scripting detection in query strings and inbound text messages. Default false. */
    public static final String FIREWALL_XSS_ENABLED = PREFIX + "firewall.xss.enabled";
    /** Request paths the XSS detector applies to. Default {@code /*}. */
    public static final String FIREWALL_XSS_PATHS = PREFIX + "firewall.xss.paths";
    /** What an XSS detection does: {@code deny}, {@code log}, {@code allow}. Default deny. */
    public static final String FIREWALL_XSS_ACTION = PREFIX + "firewall.xss.action";
    /** Extra regular expressions that count as XSS. Default empty. */
    public static final String FIREWALL_XSS_PATTERNS = PREFIX + "firewall.xss.patterns";
    /** Path traversal detection in query strings and inbound text messages. Default false. */
    public static final String FIREWALL_PATH_TRAVERSAL_ENABLED = PREFIX + "firewall.path-traversal.enabled";
    /** Request paths the path traversal detector applies to. Default {@code /*}. */
    public static final String FIREWALL_PATH_TRAVERSAL_PATHS = PREFIX + "firewall.path-traversal.paths";
    /** What a path traversal detection does: {@code deny}, {@code log}, {@code allow}. Default deny. */
    public static final String FIREWALL_PATH_TRAVERSAL_ACTION = PREFIX + "firewall.path-traversal.action";
    /** Extra regular expressions that count as path traversal. Default empty. */
    public static final String FIREWALL_PATH_TRAVERSAL_PATTERNS = PREFIX + "firewall.path-traversal.patterns";
    /** Command injection detection in query strings and inbound text messages. Default false. */
    public static final String FIREWALL_COMMAND_INJECTION_ENABLED = PREFIX + "firewall.command-injection.enabled";
    /** Request paths the command injection detector applies to. Default {@code /*}. */
    public static final String FIREWALL_COMMAND_INJECTION_PATHS = PREFIX + "firewall.command-injection.paths";
    /** What a command injection detection does: {@code deny}, {@code log}, {@code allow}. Default deny. */
    public static final String FIREWALL_COMMAND_INJECTION_ACTION = PREFIX + "firewall.command-injection.action";
    /** Extra regular expressions that count as command injection. Default empty. */
    public static final String FIREWALL_COMMAND_INJECTION_PATTERNS = PREFIX + "firewall.command-injection.patterns";
    /** Threat score per address (refusals and detections add points; at the threshold the address is banned). Default false. */
    public static final String FIREWALL_THREAT_SCORE_ENABLED = PREFIX + "firewall.threat-score.enabled";
    /** Score (0-100) at which an address is banned. Default 80. */
    public static final String FIREWALL_THREAT_SCORE_THRESHOLD = PREFIX + "firewall.threat-score.threshold";
    /** Points an address's score loses per hour. Default 5. */
    public static final String FIREWALL_THREAT_SCORE_DECAY = PREFIX + "firewall.threat-score.decay-per-hour";
    /** Points a detection (SQL injection, XSS, path traversal, command injection) adds. Default 25. */
    public static final String FIREWALL_THREAT_SCORE_DETECTION_POINTS =
            PREFIX + "firewall.threat-score.detection-points";
    /** Points any other refusal (deny list, rate, concurrent, flood, payload, GeoIP, custom rule) adds. Default 10. */
    public static final String FIREWALL_THREAT_SCORE_REFUSAL_POINTS = PREFIX + "firewall.threat-score.refusal-points";
    /** Length of a threat-score ban, in seconds; 0 = until removed. Default 3600. */
    public static final String FIREWALL_THREAT_SCORE_BAN_DURATION = PREFIX + "firewall.threat-score.ban-duration";
    /**
     * GeoIP range file, CSV {@code start_ip,end_ip,country_code} (IPv4 and IPv6, as DB-IP and IP2Location lite publish
     * it). Default none: GeoIP off.
     */
    public static final String FIREWALL_GEOIP_FILE = PREFIX + "firewall.geoip.file";
    /** Countries (ISO 3166-1 alpha-2) admitted; when set, every other country and unknown addresses get 403. Default empty. */
    public static final String FIREWALL_GEOIP_ALLOW = PREFIX + "firewall.geoip.allow";
    /** Countries refused with 403. Default empty. */
    public static final String FIREWALL_GEOIP_DENY = PREFIX + "firewall.geoip.deny";
    /** Most addresses each per-address table (rates, floods, failures) tracks; the least recent is evicted. Default 100000. */
    public static final String FIREWALL_MAX_TRACKED_ADDRESSES = PREFIX + "firewall.max-tracked-addresses";
    /** Installs the firewall admin servlet at {@code /switchboard/firewall}. Default false. */
    public static final String FIREWALL_ADMIN_ENABLED = PREFIX + "firewall.admin.enabled";
    /**
     * Direct peers allowed to use the admin servlet; a request carrying any forwarding header is refused whatever its
     * peer. {@code *} turns the address guard off (the role alone guards). Default {@code 127.0.0.0/8,::1}.
     */
    public static final String FIREWALL_ADMIN_ALLOW = PREFIX + "firewall.admin.allow";
    /**
     * Role the admin servlet's caller must have (as Switchboard's authentication or the container established it);
     * no principal gets 401, another role 403. Empty: the address list alone guards the API. Default: the value of
     * {@link #ADMIN_ROLE} ({@code admin}).
     */
    public static final String FIREWALL_ADMIN_ROLE = PREFIX + "firewall.admin.role";
    /**
     * The one forwarding header read from a trusted proxy to find the client: {@code X-Forwarded-For} or
     * {@code Forwarded} (RFC 7239). The other is never read, since a proxy passes a client's own copy of it through.
     * Default {@code X-Forwarded-For}.
     */
    public static final String FIREWALL_CLIENT_ADDRESS_HEADER = PREFIX + "firewall.client-address-header";
    /**
     * Prefix length, in bits, by which IPv6 clients are grouped for rate limits, flood, concurrent caps, failures,
     * threat scores and bans (one subscriber usually holds a whole /64). 128 counts every address. Default 64.
     */
    public static final String FIREWALL_IPV6_PREFIX = PREFIX + "firewall.ipv6-prefix";
    /**
     * Shortest time between two rewrites of the ban file, in milliseconds; changes in between are folded into the
     * next write, which runs in the background with at most one in flight. Default 1000.
     */
    public static final String FIREWALL_BAN_FILE_WRITE_INTERVAL = PREFIX + "firewall.ban-file-write-interval";
    /**
     * Characters of decoded, normalised text the injection detectors inspect per query string or message; the rest
     * is not inspected. Default 8192.
     */
    public static final String FIREWALL_INSPECT_MAX_CHARS = PREFIX + "firewall.inspect-max-chars";

    // ---- Authentication: credential stores and bearer tokens ----------------------------------------------

    /**
     * Path of the users file ({@code name:hash:role1,role2} per line, see {@code docs/configuration.md}); when set,
     * user names and passwords are checked against it. Changes to the file are picked up without a restart.
     * Default none (the file store is off).
     */
    public static final String AUTH_USERS = PREFIX + "auth.users";
    /**
     * PBKDF2-HMAC-SHA256 iterations of the password hashes that {@code add-user} writes. Existing hashes keep the
     * count stored in them. Default 210000 (OWASP 2023).
     */
    public static final String AUTH_PBKDF2_ITERATIONS = PREFIX + "auth.pbkdf2.iterations";
    /** Checks user names and passwords against database tables. Default false. */
    public static final String AUTH_JDBC_ENABLED = PREFIX + "auth.jdbc.enabled";
    /** JNDI name of the DataSource of the user tables. Default: the value of {@link #DATASOURCE}. */
    public static final String AUTH_JDBC_DATASOURCE = PREFIX + "auth.jdbc.datasource";
    /**
     * SQL returning the stored password hash of the user given as its one parameter. Default
     * {@code SELECT password_hash FROM switchboard_users WHERE username = ?}.
     */
    public static final String AUTH_JDBC_PASSWORD_QUERY = PREFIX + "auth.jdbc.password-query";
    /**
     * SQL returning one role per row for the user given as its one parameter. Default
     * {@code SELECT role FROM switchboard_user_roles WHERE username = ?}.
     */
    public static final String AUTH_JDBC_ROLES_QUERY = PREFIX + "auth.jdbc.roles-query";
    /** Checks user names and passwords through the container's login ({@code HttpServletRequest.login}). Default false. */
    public static final String AUTH_CONTAINER = PREFIX + "auth.container";
    /**
     * Roles to ask the container about after a container login, comma-separated (the Servlet API cannot list a
     * user's roles, only confirm each one). Default empty: container users get no roles.
     */
    public static final String AUTH_CONTAINER_ROLES = PREFIX + "auth.container.roles";
    /**
     * Which part of a TLS client certificate the server verified names the user: {@code subject-cn},
     * {@code subject} (the whole RFC 2253 name), {@code san-email}, {@code san-dns} or {@code san-uri}; {@code off}
     * ignores client certificates. Default subject-cn.
     */
    public static final String AUTH_CLIENT_CERT = PREFIX + "auth.client-cert";
    /**
     * Path of the roles of client-certificate users, one user per line: the roles, comma-separated, then
     * whitespace, then the user name as {@code switchboard.auth.client-cert} maps it. Re-read when it changes.
     * Default none: certificate users have no roles.
     */
    public static final String AUTH_CLIENT_CERT_ROLES = PREFIX + "auth.client-cert.roles";
    /** HS256 shared secret of bearer tokens, at least 32 bytes (UTF-8). Default none. */
    public static final String AUTH_JWT_SECRET = PREFIX + "auth.jwt.secret";
    /** Path of a PEM public key (RSA or EC P-256) or certificate verifying RS256/ES256 bearer tokens. Default none. */
    public static final String AUTH_JWT_PUBLIC_KEY = PREFIX + "auth.jwt.public-key";
    /**
     * Path of a JWKS (JSON Web Key Set) file verifying RS256/ES256 bearer tokens; the token's {@code kid} selects the
     * key, and changes to the file are picked up without a restart. Default none.
     */
    public static final String AUTH_JWT_JWKS = PREFIX + "auth.jwt.jwks";
    /** Refuses bearer tokens without an {@code exp} claim. Default true. */
    public static final String AUTH_JWT_REQUIRE_EXP = PREFIX + "auth.jwt.require-exp";
    /** The {@code iss} claim bearer tokens must carry. Default none (not checked). */
    public static final String AUTH_JWT_ISSUER = PREFIX + "auth.jwt.issuer";
    /** A value the {@code aud} claim of bearer tokens must contain. Default none (not checked). */
    public static final String AUTH_JWT_AUDIENCE = PREFIX + "auth.jwt.audience";
    /** Tolerance for clock differences when checking {@code exp} and {@code nbf}, in seconds. Default 30. */
    public static final String AUTH_JWT_CLOCK_SKEW = PREFIX + "auth.jwt.clock-skew";
    /**
     * The claim naming the user of a bearer token. Default: MicroProfile JWT's {@code upn} when the token has it,
     * else {@code sub}.
     */
    public static final String AUTH_JWT_USER_CLAIM = PREFIX + "auth.jwt.user-claim";
    /**
     * The claim carrying the roles of a bearer token: a JSON array of strings or a space- or comma-separated string;
     * a dotted name ({@code realm_access.roles}) reaches into nested objects when no claim has the whole name.
     * Default: {@code roles} when the token has it, else MicroProfile JWT's {@code groups}.
     */
    public static final String AUTH_JWT_ROLES_CLAIM = PREFIX + "auth.jwt.roles-claim";
    /**
     * The issuer identifier of an OpenID Connect provider whose tokens are accepted as bearer tokens: its discovery
     * document gives the JWKS, fetched when the first token arrives and cached, and tokens must carry it as
     * {@code iss}. The {@code switchboard.auth.jwt.*} claim checks apply to these tokens too. Default none.
     */
    public static final String AUTH_OIDC_ISSUER = PREFIX + "auth.oidc.issuer";
    /** Seconds a fetched OpenID Connect key set is used before it is fetched again. Default 600. */
    public static final String AUTH_OIDC_JWKS_CACHE = PREFIX + "auth.oidc.jwks-cache";
    /**
     * Fewest seconds between two fetches of the OpenID Connect key set caused by tokens with unknown key ids (and
     * between retries after a failed fetch). Default 30.
     */
    public static final String AUTH_OIDC_REFRESH_INTERVAL = PREFIX + "auth.oidc.refresh-interval";
    /** Connect and read timeout, in milliseconds, of each request to the OpenID Connect provider. Default 5000. */
    public static final String AUTH_OIDC_HTTP_TIMEOUT = PREFIX + "auth.oidc.http-timeout";

    /** Installs the admin REST API and the node's MBeans. Default true. */
    public static final String ADMIN_ENABLED = PREFIX + "admin.enabled";
    /** Path of the admin REST API, relative to the context. Default {@code /admin/api}. */
    public static final String ADMIN_PATH = PREFIX + "admin.path";
    /**
     * Role the admin REST API's caller must have (as Switchboard's authentication or the container established it);
     * no principal gets 401, another role 403. It is always required: empty refuses every request (logged as an
     * error). Also the default of {@link #FIREWALL_ADMIN_ROLE}. Default {@code admin}.
     */
    public static final String ADMIN_ROLE = PREFIX + "admin.role";
    /**
     * Direct peers allowed to use the admin REST API, addresses and CIDR ranges; with a list, a request carrying any
     * forwarding header is refused whatever its peer. Default {@code *}: any address (the role alone guards).
     */
    public static final String ADMIN_ALLOW = PREFIX + "admin.allow";
    /**
     * How long a drain gives clients to leave before the connections still open are closed with 1001, in seconds.
     * Default 30. Read by every trigger that does not bring its own wait (the admin API, JMX); SIGTERM on the
     * embedded server caps it at the server's stop timeout.
     */
    public static final String DRAIN_WAIT = PREFIX + "drain.wait";
    /** The {@code Retry-After} (seconds) of the 503 that refuses new connections during a drain. Default 5. */
    public static final String DRAIN_RETRY_AFTER = PREFIX + "drain.retry-after";
    /**
     * How long undeploying the application drains before closing what is left, in seconds; short because the
     * container blocks the undeploy meanwhile. Default 5.
     */
    public static final String DRAIN_UNDEPLOY_WAIT = PREFIX + "drain.undeploy-wait";

    // ---- metrics ------------------------------------------------------------------------------------------

    /**
     * Collects metrics (Micrometer) and serves them; false registers no meter and counts nothing beyond what the
     * hub keeps anyway. Default true.
     */
    public static final String METRICS_ENABLED = PREFIX + "metrics.enabled";
    /** Path of the Prometheus endpoint, relative to the context. Default {@code /metrics}. */
    public static final String METRICS_PATH = PREFIX + "metrics.path";
    /**
     * Who may read the Prometheus endpoint: {@code loopback} (the direct peer is a loopback address and the request
     * carries no forwarding header) or {@code role} (an authenticated caller with {@link #ADMIN_ROLE}). Default
     * {@code loopback}.
     */
    public static final String METRICS_ACCESS = PREFIX + "metrics.access";
    /**
     * Longest time one reading of the connections' traffic, queues and history serves the meters of a scrape, in
     * milliseconds; the reading walks the open connections. Default 1000.
     */
    public static final String METRICS_READING_TTL = PREFIX + "metrics.reading-ttl";

    /** Wire log: log every frame of every connection. Default {@code false}. */
    public static final String WIRELOG_ENABLED = PREFIX + "wirelog.enabled";
    /** Wire log: principal names, comma-separated, whose connections are logged. Default none. */
    public static final String WIRELOG_USERS = PREFIX + "wirelog.users";
    /** Wire log: client addresses, comma-separated, whose connections are logged. Default none. */
    public static final String WIRELOG_ADDRESSES = PREFIX + "wirelog.addresses";
    /** Wire log: subprotocol tokens, comma-separated, whose connections are logged. Default none. */
    public static final String WIRELOG_SUBPROTOCOLS = PREFIX + "wirelog.subprotocols";
    /**
     * Wire log: the file. Default {@code switchboard-wire.log} in {@link #DATA_DIR}, or in {@code java.io.tmpdir}
     * when no data directory is set.
     */
    public static final String WIRELOG_FILE = PREFIX + "wirelog.file";
    /** Wire log: bytes the file may reach before it is rotated. Default 10485760 (10 MB), at least 1024. */
    public static final String WIRELOG_MAX_SIZE = PREFIX + "wirelog.max-size";
    /** Wire log: rotated files kept ({@code .1} the newest). Default 5. */
    public static final String WIRELOG_MAX_FILES = PREFIX + "wirelog.max-files";
    /** Wire log: frames waiting for the writer; beyond it frames are dropped and counted. Default 10000. */
    public static final String WIRELOG_QUEUE = PREFIX + "wirelog.queue";
    /**
     * Wire log: characters of a text payload, or bytes of a binary one before base64, written per frame; the rest is
     * counted. Default 4096.
     */
    public static final String WIRELOG_MAX_PAYLOAD = PREFIX + "wirelog.max-payload";
    /**
     * Embedded server: the format of its log on standard error, {@code text} or {@code json} (one JSON object per
     * line). Read once when the JVM starts logging. Default {@code text}.
     */
    public static final String LOG_FORMAT = PREFIX + "log.format";

    /** MQTT: largest packet a client may send and the largest the server sends. Default 262144 bytes. */
    public static final String MQTT_MAX_PACKET_SIZE = PREFIX + "mqtt.max-packet-size";
    /** MQTT: QoS 1 and 2 messages in flight each way per connection (the server's Receive Maximum). Default 32. */
    public static final String MQTT_MAX_IN_FLIGHT = PREFIX + "mqtt.max-in-flight";
    /** MQTT: QoS 1 and 2 messages a session queues while offline or while its in-flight window is full. Default 1000. */
    public static final String MQTT_MAX_QUEUED = PREFIX + "mqtt.max-queued";
    /** MQTT: sessions this node keeps, connected or not. Default 10000. */
    public static final String MQTT_MAX_SESSIONS = PREFIX + "mqtt.max-sessions";
    /** MQTT: seconds a persistent MQTT 3.1.1 session outlives its connection. Default 3600. */
    public static final String MQTT_SESSION_EXPIRY = PREFIX + "mqtt.session-expiry";
    /** MQTT: longest session expiry interval an MQTT 5 client may ask for, in seconds. Default 86400. */
    public static final String MQTT_MAX_SESSION_EXPIRY = PREFIX + "mqtt.max-session-expiry";
    /** MQTT: retained messages this node keeps. Default 10000. */
    public static final String MQTT_RETAINED_MAX_COUNT = PREFIX + "mqtt.retained.max-count";
    /** MQTT: bytes of retained payloads this node keeps. Default 16777216. */
    public static final String MQTT_RETAINED_MAX_BYTES = PREFIX + "mqtt.retained.max-bytes";
    /** MQTT: most levels of a topic name or filter. Default 32. */
    public static final String MQTT_MAX_TOPIC_LEVELS = PREFIX + "mqtt.max-topic-levels";
    /** MQTT: longest keep-alive, in seconds; a longer (or 0) request gets this as Server Keep Alive. Default 300. */
    public static final String MQTT_MAX_KEEP_ALIVE = PREFIX + "mqtt.max-keep-alive";
    /** MQTT: topic aliases an MQTT 5 client may set (the server's Topic Alias Maximum). Default 16. */
    public static final String MQTT_TOPIC_ALIAS_MAXIMUM = PREFIX + "mqtt.topic-alias-maximum";
    /** MQTT: whether a CONNECT without user name is accepted (when the connection is anonymous too). Default true. */
    public static final String MQTT_ALLOW_ANONYMOUS = PREFIX + "mqtt.allow-anonymous";
    /**
     * Embedded server: port of the plain TCP listener for MQTT clients that do not use WebSocket (conventionally
     * 1883). Default 0: no listener. No TLS on it: put a TLS terminator in front, or use {@code wss://}.
     */
    public static final String MQTT_TCP_PORT = PREFIX + "mqtt.tcp-port";
    /** Embedded server: address the MQTT TCP listener binds. Default the value of {@link #HOST}. */
    public static final String MQTT_TCP_HOST = PREFIX + "mqtt.tcp-host";

    /** Files: directory uploads are spooled to. Default a {@code switchboard-files} directory under {@code java.io.tmpdir}. */
    public static final String FILES_SPOOL_DIRECTORY = PREFIX + "files.spool-directory";
    /** Files: largest payload of one file packet, in bytes; a larger one is refused. Default 524288. */
    public static final String FILES_MAX_CHUNK_BYTES = PREFIX + "files.max-chunk-bytes";
    /** Files: largest file one upload may announce, in bytes. Default 104857600. */
    public static final String FILES_MAX_FILE_BYTES = PREFIX + "files.max-file-bytes";
    /** Files: uploads one user (or anonymous connection) may have in progress or awaiting resume. Default 4. */
    public static final String FILES_MAX_TRANSFERS_PER_USER = PREFIX + "files.max-transfers-per-user";
    /** Files: bytes one user's uploads may reserve in the spool directory. Default 1073741824. */
    public static final String FILES_MAX_SPOOL_BYTES_PER_USER = PREFIX + "files.max-spool-bytes-per-user";
    /** Files: largest file an upload may announce on a connection without login, in bytes. Default 16777216. */
    public static final String FILES_ANONYMOUS_MAX_FILE_BYTES = PREFIX + "files.anonymous-max-file-bytes";
    /** Files: bytes all uploads together may reserve in the spool directory. Default 10737418240. */
    public static final String FILES_MAX_SPOOL_BYTES = PREFIX + "files.max-spool-bytes";
    /** Files: seconds between checks for QoS 2 packets to send again. Default 60. */
    public static final String FILES_QOS_INTERVAL = PREFIX + "files.qos-interval";
    /** Files: seconds a QoS 2 packet may stay unanswered before it is sent again. Default 300. */
    public static final String FILES_QOS_TIMEOUT = PREFIX + "files.qos-timeout";
    /** Files: seconds an interrupted QoS 2 upload is kept for its client to resume. Default 600. */
    public static final String FILES_RESUME_WINDOW = PREFIX + "files.resume-window";
    /** Files: whether a received file stays in the spool directory after the file-received event. Default false. */
    public static final String FILES_KEEP_RECEIVED = PREFIX + "files.keep-received";
    /**
     * Files: seconds an interrupted QoS 2 download to a logged-in user is kept for the user's next Files connection
     * to resume. Default the value of {@link #FILES_RESUME_WINDOW}; 0 keeps none.
     */
    public static final String FILES_DOWNLOAD_RESUME_WINDOW = PREFIX + "files.download-resume-window";
    /** Files: interrupted downloads kept for one user; the oldest is dropped past it. Default 8. */
    public static final String FILES_MAX_KEPT_DOWNLOADS_PER_USER = PREFIX + "files.max-kept-downloads-per-user";
    /** Files: interrupted downloads kept for all users together; the oldest is dropped past it. Default 1024. */
    public static final String FILES_MAX_KEPT_DOWNLOADS = PREFIX + "files.max-kept-downloads";
    /**
     * sgc broker protocol ({@code broker.esegece.com}): the inner protocol tokens a client may open, comma-separated.
     * Default empty: every supported token except the broker's own.
     */
    public static final String SGC_BROKER_PROTOCOLS = PREFIX + "sgc-broker.protocols";
    /** sgc broker protocol: most inner protocols one connection has open at once (1 to 64). Default 4. */
    public static final String SGC_BROKER_MAX_PROTOCOLS = PREFIX + "sgc-broker.max-protocols";
    /** Presence protocol: most members one presence channel holds; one more join is refused (error 10). Default 1000. */
    public static final String PRESENCE_MAX_MEMBERS_PER_CHANNEL = PREFIX + "presence.max-members-per-channel";
    /** Presence protocol: most presence channels one member joins; one more is refused (error 10). Default 100. */
    public static final String PRESENCE_MAX_CHANNELS_PER_MEMBER = PREFIX + "presence.max-channels-per-member";
    /** Presence protocol: most characters of a member's name; a longer one is refused (error 2). Default 256. */
    public static final String PRESENCE_MAX_NAME_LENGTH = PREFIX + "presence.max-name-length";
    /** Presence protocol: most characters of a member's info; a longer one is refused (error 2). Default 4096. */
    public static final String PRESENCE_MAX_INFO_LENGTH = PREFIX + "presence.max-info-length";
    /** Presence protocol: most members one invitation names; a larger one is refused (error 10). Default 100. */
    public static final String PRESENCE_MAX_INVITEES = PREFIX + "presence.max-invitees";
    /** Presence protocol: most characters of a message id a client sends; a longer one closes with 1002. Default 128. */
    public static final String PRESENCE_MAX_ID_LENGTH = PREFIX + "presence.max-id-length";
    /** Presence protocol: server messages carry an id and are re-sent until acknowledged. Default false. */
    public static final String PRESENCE_ACK_ENABLED = PREFIX + "presence.acknowledgment.enabled";
    /** Presence protocol: how often unacknowledged messages are scanned for re-sending, in seconds. Default 60. */
    public static final String PRESENCE_ACK_INTERVAL = PREFIX + "presence.acknowledgment.interval";
    /** Presence protocol: age after which an unacknowledged message is re-sent, in seconds. Default 300. */
    public static final String PRESENCE_ACK_TIMEOUT = PREFIX + "presence.acknowledgment.timeout";
    /**
     * Presence protocol: most unacknowledged messages kept for one connection; beyond it the oldest is no longer
     * re-sent. Default 1000.
     */
    public static final String PRESENCE_ACK_MAX_PENDING = PREFIX + "presence.acknowledgment.max-pending";
    /** Presence protocol: names, infos, channel names and texts are sent as {@code sgc@b64:} Base64. Default false. */
    public static final String PRESENCE_ENCODE_BASE64 = PREFIX + "presence.encode-base64";
    /**
     * Presence protocol in a cluster: how long another node's members are kept without a renewal from it, in
     * milliseconds; each node renews every third of it. Default 15000.
     */
    public static final String PRESENCE_LEASE = PREFIX + "presence.lease";

    /** WAMP: the realms a client may join, comma-separated. Default realm1. */
    public static final String WAMP_REALMS = PREFIX + "wamp.realms";
    /** WAMP: whether a client without credentials may join a realm. Default true. */
    public static final String WAMP_ANONYMOUS = PREFIX + "wamp.anonymous";
    /** WAMP: milliseconds a connection may stay open without joining (HELLO, and AUTHENTICATE after a CHALLENGE). Default 10000. */
    public static final String WAMP_HELLO_TIMEOUT = PREFIX + "wamp.hello-timeout";
    /** WAMP: most characters (MessagePack: bytes) of one WAMP message; more is a protocol violation. Default 65536. */
    public static final String WAMP_MAX_MESSAGE_CHARS = PREFIX + "wamp.max-message-chars";
    /** WAMP: most calls one connection may have waiting for their results. Default 100. */
    public static final String WAMP_MAX_PENDING_CALLS = PREFIX + "wamp.max-pending-calls";
    /** WAMP: most procedures one connection may register. Default 100. */
    public static final String WAMP_MAX_REGISTRATIONS = PREFIX + "wamp.max-registrations";
    /** WAMP: the longest a call waits for its callee's result, in milliseconds. Default 60000. */
    public static final String WAMP_CALL_TIMEOUT = PREFIX + "wamp.call-timeout";
    /** WAMP v1: most CURIE prefixes one session may define with PREFIX. Default 32. */
    public static final String WAMP_V1_MAX_PREFIXES = PREFIX + "wamp.v1.max-prefixes";
    /**
     * WAMP v1: most characters of a URI, a CURIE, a prefix or a call id a client sends, and of a URI a CURIE expands
     * to. Default 512.
     */
    public static final String WAMP_V1_MAX_URI_CHARS = PREFIX + "wamp.v1.max-uri-chars";
    /** WAMP v1: most arguments of one CALL. Default 16. */
    public static final String WAMP_V1_MAX_CALL_ARGUMENTS = PREFIX + "wamp.v1.max-call-arguments";
    /** WAMP v1: most session ids in the exclude and eligible lists of one PUBLISH, together. Default 32. */
    public static final String WAMP_V1_MAX_SESSION_LIST = PREFIX + "wamp.v1.max-session-list";

    /**
     * WebRTC and AppRTC signalling: the ICE servers handed to clients, as JSON: an array of RTCIceServer objects
     * ({@code [{"urls":"turn:turn.example.com:3478","username":"u","credential":"c"}]}), or an object with an
     * {@code iceServers} array and further RTCConfiguration members ({@code iceTransportPolicy}), as sgc's
     * {@code ICEServers} property holds it. Shared by {@code webrtc.esegece.com} and {@code apprtc.esegece.com}. A
     * value that does not read fails the deployment. Default empty: no ICE servers, host candidates only.
     */
    public static final String WEBRTC_ICE_SERVERS = PREFIX + "webrtc.ice-servers";
    /**
     * WebRTC and AppRTC: comma-separated URLs of one ICE server ({@code stun:}, {@code turn:}, {@code turns:}), for
     * a configuration without JSON; added after the servers of {@link #WEBRTC_ICE_SERVERS}. Default empty.
     */
    public static final String WEBRTC_ICE_URLS = PREFIX + "webrtc.ice-urls";
    /** WebRTC and AppRTC: the username of the {@link #WEBRTC_ICE_URLS} server. Default empty. */
    public static final String WEBRTC_ICE_USERNAME = PREFIX + "webrtc.ice-username";
    /** WebRTC and AppRTC: the credential of the {@link #WEBRTC_ICE_URLS} server. Default empty. */
    public static final String WEBRTC_ICE_CREDENTIAL = PREFIX + "webrtc.ice-credential";
    /**
     * WebRTC and AppRTC: the shared secret of a TURN server that uses time-limited credentials (coturn
     * {@code use-auth-secret} with {@code static-auth-secret}). When set, every ICE server with a {@code turn:} or
     * {@code turns:} URL and no username of its own is handed to each client with a fresh username
     * ({@code EXPIRY:USER}) and credential (Base64 HMAC-SHA1 of the username under the secret). Default empty.
     */
    public static final String WEBRTC_TURN_SECRET = PREFIX + "webrtc.turn-secret";
    /** WebRTC and AppRTC: how long a time-limited TURN credential is valid, in seconds. Default 86400. */
    public static final String WEBRTC_TURN_TTL = PREFIX + "webrtc.turn-ttl";
    /**
     * WebRTC and AppRTC: when a peer hangs up (leaves or disconnects; on AppRTC also a {@code bye} message), the other peers of its
     * channel or room are disconnected too (close code 1000), as sgc's {@code CloseSessionOnHangup}. Default true.
     */
    public static final String WEBRTC_CLOSE_SESSION_ON_HANGUP = PREFIX + "webrtc.close-session-on-hangup";
    /**
     * WebRTC and AppRTC: most UTF-8 bytes of one relayed signal (an SDP offer or answer, a candidate); a larger one is
     * refused (JSON-RPC error -32602 on {@code webrtc.esegece.com}, an {@code error} on {@code apprtc.esegece.com},
     * 413 over HTTP). Default 65536.
     */
    public static final String WEBRTC_MAX_SDP_BYTES = PREFIX + "webrtc.max-sdp-bytes";
    /**
     * WebRTC and AppRTC: most ICE candidates one peer relays in one session (one join of a channel or room); more
     * are refused. Default 200.
     */
    public static final String WEBRTC_MAX_CANDIDATES = PREFIX + "webrtc.max-candidates";
    /**
     * WebRTC: most peers of one {@code webrtc.esegece.com} channel, over the cluster as far as the other nodes' counts
     * have arrived; one more join is refused (JSON-RPC error -32029). Default 2, the one-to-one call the sgc
     * JavaScript client makes.
     */
    public static final String WEBRTC_MAX_PEERS = PREFIX + "webrtc.max-peers";
    /** WebRTC: most channels one {@code webrtc.esegece.com} connection joins at once. Default 4. */
    public static final String WEBRTC_MAX_CHANNELS = PREFIX + "webrtc.max-channels";
    /**
     * WebRTC in a cluster: how long another node's peer counts are kept without a renewal from it, in milliseconds;
     * each node renews every third of it, so the peers of a node that died stop counting within it. Default 15000.
     */
    public static final String WEBRTC_LEASE = PREFIX + "webrtc.lease";
    /** AppRTC: whether the room HTTP API and room page are served. Default true. */
    public static final String APPRTC_ENABLED = PREFIX + "apprtc.enabled";
    /** AppRTC: the path (after the context path) of the room HTTP API and room pages. Default /apprtc. */
    public static final String APPRTC_PATH = PREFIX + "apprtc.path";
    /**
     * AppRTC: the base URL of room pages, the room id appended ({@code https://example.com/apprtc/r/}). Default
     * empty: the request's own scheme, host and path.
     */
    public static final String APPRTC_ROOM_LINK = PREFIX + "apprtc.room-link";
    /**
     * AppRTC: the WebSocket URL clients connect to for the collider role ({@code wss://example.com/}). Default empty:
     * the request's host with the first WebSocket path.
     */
    public static final String APPRTC_WEBSOCKET_URL = PREFIX + "apprtc.websocket-url";
    /** AppRTC: most rooms on this node; a join that would open one more gets {@code FULL}. Default 1000. */
    public static final String APPRTC_MAX_ROOMS = PREFIX + "apprtc.max-rooms";
    /** AppRTC: most messages held for a room's peer that has not joined or registered yet. Default 64. */
    public static final String APPRTC_MAX_QUEUED = PREFIX + "apprtc.max-queued";
    /**
     * AppRTC: seconds a room client may stay joined without a registered WebSocket; then it is removed. Default 60.
     */
    public static final String APPRTC_REGISTER_TIMEOUT = PREFIX + "apprtc.register-timeout";

    private ConfigKeys() {}
}
