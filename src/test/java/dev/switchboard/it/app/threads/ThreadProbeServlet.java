package dev.switchboard.it.app.threads;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.Map;

/**
 * {@code GET /threads}: the server JVM's live thread count (from the {@code ThreadMXBean}) on the first line, then
 * one line per live thread, {@code name TAB context-class-loader}. {@code GET /classes}: after full collections, the
 * classes loaded now, the classes unloaded so far, and the metaspace in use, as {@code loaded unloaded metaspace}.
 * Anything else under the probe answers {@code upstream} (it doubles as a forwarding target).
 */
@WebServlet("/*")
public class ThreadProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        PrintWriter out = response.getWriter();
        if ("/classes".equals(request.getPathInfo())) {
            // Class loaders of undeployed applications go, with their classes and metaspace, only in a full
            // collection; two, as the first may leave what reference processing frees for the second.
            System.gc();
            System.gc();
            long metaspace = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getName().equals("Metaspace")) {
                    metaspace = pool.getUsage().getUsed();
                }
            }
            out.print(ManagementFactory.getClassLoadingMXBean().getLoadedClassCount() + " "
                    + ManagementFactory.getClassLoadingMXBean().getUnloadedClassCount() + " " + metaspace);
            return;
        }
        if (!"/threads".equals(request.getPathInfo())) {
            out.print("upstream");
            return;
        }
        out.println(ManagementFactory.getThreadMXBean().getThreadCount());
        for (Map.Entry<Thread, StackTraceElement[]> entry :
                Thread.getAllStackTraces().entrySet()) {
            Thread thread = entry.getKey();
            if (thread.isAlive()) {
                String name = thread.getName().replace('\t', ' ').replace('\n', ' ');
                String loader = String.valueOf(thread.getContextClassLoader()).replace('\n', ' ');
                out.println(name + "\t" + loader);
            }
        }
    }
}
