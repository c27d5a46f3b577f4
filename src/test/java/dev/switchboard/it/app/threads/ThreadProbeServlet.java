package dev.switchboard.it.app.threads;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * {@code GET /threads}: the server JVM's live thread count (from the {@code ThreadMXBean}) on the first line, then
 * one line per live thread, {@code name TAB context-class-loader}; anything else under the probe answers
 * {@code upstream} (it doubles as a forwarding target).
 */
@WebServlet("/*")
public class ThreadProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        PrintWriter out = response.getWriter();
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
