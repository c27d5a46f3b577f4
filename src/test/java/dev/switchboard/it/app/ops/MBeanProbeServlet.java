package dev.switchboard.it.app.ops;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.MBeanException;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.ReflectionException;
import javax.management.RuntimeMBeanException;

/**
 * Reads and operates MBeans in the server's platform MBean server ({@link ManagementFactory#getPlatformMBeanServer}),
 * as a JMX console does:
 * <ul>
 *   <li>{@code GET /it/mbeans?pattern=P}: the names matching the pattern, one a line, sorted;</li>
 *   <li>{@code GET /it/mbeans/attribute?name=N&attribute=A}: the attribute's value as text ({@code null} for
 *       none);</li>
 *   <li>{@code POST /it/mbeans/invoke?name=N&operation=O&arg=...}: invokes the operation of that name and arity,
 *       the arguments converted to its parameter types ({@code int}, {@code long}, {@code boolean},
 *       {@code String}), and answers its result as text.</li>
 * </ul>
 * A failure (no such MBean, attribute or operation; an exception of the operation) is answered with 400 and the
 * exception's class and message.
 */
@WebServlet("/it/mbeans/*")
public class MBeanProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            switch (String.valueOf(request.getPathInfo())) {
                case "null", "/" ->
                    answer(
                            response,
                            200,
                            server.queryNames(new ObjectName(request.getParameter("pattern")), null).stream()
                                    .map(ObjectName::toString)
                                    .sorted()
                                    .collect(Collectors.joining("\n")));
                case "/attribute" ->
                    answer(
                            response,
                            200,
                            String.valueOf(server.getAttribute(
                                    new ObjectName(request.getParameter("name")), request.getParameter("attribute"))));
                default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
            }
        } catch (JMException | RuntimeException e) {
            refuse(response, e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/invoke".equals(request.getPathInfo())) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName name = new ObjectName(request.getParameter("name"));
            String operation = request.getParameter("operation");
            String[] args =
                    Optional.ofNullable(request.getParameterValues("arg")).orElse(new String[0]);
            MBeanOperationInfo info = Arrays.stream(server.getMBeanInfo(name).getOperations())
                    .filter(o -> o.getName().equals(operation) && o.getSignature().length == args.length)
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "No operation " + operation + " with " + args.length + " parameter(s) on " + name));
            MBeanParameterInfo[] parameters = info.getSignature();
            Object[] values = new Object[args.length];
            String[] signature = new String[args.length];
            for (int i = 0; i < args.length; i++) {
                signature[i] = parameters[i].getType();
                values[i] = convert(args[i], signature[i]);
            }
            answer(response, 200, String.valueOf(server.invoke(name, operation, values, signature)));
        } catch (JMException | RuntimeException e) {
            refuse(response, e);
        }
    }

    private static Object convert(String text, String type) {
        return switch (type) {
            case "int", "java.lang.Integer" -> Integer.valueOf(text);
            case "long", "java.lang.Long" -> Long.valueOf(text);
            case "boolean", "java.lang.Boolean" -> Boolean.valueOf(text);
            case "java.lang.String" -> text;
            default -> throw new IllegalArgumentException("Unsupported parameter type " + type);
        };
    }

    /** Answers 400 with the exception the MBean itself threw, not the JMX wrapper around it. */
    private static void refuse(HttpServletResponse response, Exception e) throws IOException {
        Throwable cause = e;
        if (e instanceof MBeanException || e instanceof ReflectionException || e instanceof RuntimeMBeanException) {
            cause = e.getCause() != null ? e.getCause() : e;
        }
        answer(response, 400, cause.getClass().getName() + ": " + cause.getMessage());
    }

    private static void answer(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().write(body);
    }
}
