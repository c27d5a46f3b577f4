package dev.switchboard.bench;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The heap a server JVM has allocated so far, all its threads together ({@code TotalThreadAllocatedBytes} of its
 * threading MBean), read through the JVM's local management agent, which the attach API starts in the server. One
 * connection per server process, made at the first reading and closed when the process ends. A process that is not a
 * JVM this user may attach to (Mosquitto) has no reading: the attach API is used only on processes it lists as JVMs,
 * since attaching signals the process (SIGQUIT), which would end a native server.
 */
final class ServerAllocation {

    private static final ServerAllocation NONE = new ServerAllocation(null);
    private static final Map<Long, ServerAllocation> BY_PROCESS = new ConcurrentHashMap<>();

    private final MBeanServerConnection mbeans;

    private ServerAllocation(MBeanServerConnection mbeans) {
        this.mbeans = mbeans;
    }

    /**
     * The allocation counter of a process, connected once.
     *
     * @param process the server's process
     * @return its counter; one that reads -1 when the process is not a JVM that can be attached
     */
    static ServerAllocation of(ProcessHandle process) {
        ServerAllocation allocation = BY_PROCESS.computeIfAbsent(process.pid(), pid -> connect(process));
        return allocation == null ? NONE : allocation;
    }

    /** Connects to a JVM; null, so that a later call tries again, while the process is not listed as one. */
    private static ServerAllocation connect(ProcessHandle process) {
        String pid = Long.toString(process.pid());
        if (VirtualMachine.list().stream().map(VirtualMachineDescriptor::id).noneMatch(pid::equals)) {
            return null;
        }
        try {
            VirtualMachine vm = VirtualMachine.attach(pid);
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
            process.onExit().thenRun(() -> {
                try {
                    connector.close();
                } catch (IOException gone) {
                    // The server has ended; so has the connection.
                }
            });
            return new ServerAllocation(connector.getMBeanServerConnection());
        } catch (Exception e) {
            Harness.log("no allocation figures for process %s: %s", pid, e);
            return NONE;
        }
    }

    /**
     * Reads the bytes allocated so far.
     *
     * @return the bytes, or -1 when this process cannot tell
     */
    long read() {
        if (mbeans == null) {
            return -1;
        }
        try {
            Object bytes = mbeans.getAttribute(new ObjectName("java.lang:type=Threading"), "TotalThreadAllocatedBytes");
            return bytes instanceof Long value ? value : -1;
        } catch (Exception e) {
            return -1;
        }
    }
}
