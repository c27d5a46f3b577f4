package dev.switchboard.embedded;

import dev.switchboard.api.RequestPath;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;

/**
 * Jetty's default servlet with two refusals in front of it, for what its resource service would otherwise serve:
 * hidden files and directories (any path segment starting with a dot: {@code .git/config}, {@code .env},
 * {@code .htpasswd}), which a document root often holds by accident, answer 404; and a {@code Range} header asking
 * for more byte ranges than the configured maximum answers 416, because overlapping ranges let one small request
 * make the server send the same bytes many times over.
 *
 * <p>Everything else (ETag and Last-Modified validation, {@code Cache-Control}, single and multipart ranges, content
 * types, welcome files) is Jetty's, configured by {@link WebApplication}.
 */
final class StaticFilesServlet extends DefaultServlet {

    private static final long serialVersionUID = 1L;

    /** Init parameter: the most byte ranges one request may ask for. */
    static final String MAX_RANGES = "switchboardMaxRanges";

    private int maxRanges = WebApplication.DEFAULT_MAX_RANGES;

    @Override
    public void init() throws ServletException {
        super.init();
        String value = getInitParameter(MAX_RANGES);
        if (value != null) {
            maxRanges = Integer.parseInt(value);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        // The one canonical path every other path decision uses, and the container's own decoded form as well:
        // a dot segment in either is refused.
        if (hasHiddenSegment(RequestPath.of(request)) || hasHiddenSegment(pathInContext(request))) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        // Every Range field line counts: a client could split its ranges over several of them.
        int ranges = 0;
        for (Enumeration<String> fields = request.getHeaders("Range"); fields.hasMoreElements(); ) {
            ranges += rangeCount(fields.nextElement());
        }
        if (ranges > maxRanges) {
            response.sendError(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
            return;
        }
        super.service(request, response);
    }

    /** The decoded, normalised path within the context: the servlet is mapped at {@code /}, so no path info. */
    private static String pathInContext(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        return pathInfo == null ? servletPath : servletPath + pathInfo;
    }

    static boolean hasHiddenSegment(String path) {
        for (int i = 0; i < path.length() - 1; i++) {
            if (path.charAt(i) == '/' && path.charAt(i + 1) == '.') {
                return true;
            }
        }
        return !path.isEmpty() && path.charAt(0) == '.';
    }

    /** Counts the comma-separated ranges in one pass; the header is already bounded by Jetty's header size. */
    static int rangeCount(String header) {
        int count = 1;
        for (int i = 0; i < header.length(); i++) {
            if (header.charAt(i) == ',') {
                count++;
            }
        }
        return count;
    }
}
