package dev.switchboard.it.app.client;

import dev.switchboard.client.Qos;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ExecutionException;

/**
 * {@code GET /client-publish?url=&channel=&text=&qos=0|1|2}: publishes through {@link ClientPublisher} and answers
 * 200 with the client's session id, or 502 with the failure.
 */
@WebServlet("/client-publish")
public class ClientPublishServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB
    private ClientPublisher publisher;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Qos qos = switch (request.getParameter("qos")) {
            case "1" -> Qos.AT_LEAST_ONCE;
            case "2" -> Qos.EXACTLY_ONCE;
            default -> Qos.AT_MOST_ONCE;
        };
        response.setContentType("text/plain;charset=UTF-8");
        try {
            String session = publisher.publish(
                    request.getParameter("url"), request.getParameter("channel"), request.getParameter("text"), qos);
            response.getWriter().print(session);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            response.setStatus(502);
            response.getWriter().print(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
    }
}
