package dev.switchboard.it.app.admin;

import dev.switchboard.ejb.NodeAdministration;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Calls {@link NodeAdministration} through its EJB view: {@code GET /it/admin/connections},
 * {@code POST /it/admin/disconnect-all?code=&reason=}, {@code POST /it/admin/disconnect?id=&code=&reason=}.
 * An argument the bean refuses is answered with 400 and the bean's message.
 */
@WebServlet("/it/admin/*")
public class NodeAdministrationServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB
    private NodeAdministration admin;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("/connections".equals(request.getPathInfo())) {
            answer(response, HttpServletResponse.SC_OK, Integer.toString(admin.openConnections()));
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            int code = Integer.parseInt(request.getParameter("code"));
            String reason = request.getParameter("reason");
            switch (String.valueOf(request.getPathInfo())) {
                case "/disconnect-all" ->
                    answer(response, HttpServletResponse.SC_OK, Integer.toString(admin.disconnectAll(code, reason)));
                case "/disconnect" ->
                    answer(
                            response,
                            HttpServletResponse.SC_OK,
                            Boolean.toString(admin.disconnect(request.getParameter("id"), code, reason)));
                default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
            }
        } catch (IllegalArgumentException e) {
            answer(response, HttpServletResponse.SC_BAD_REQUEST, e.getClass().getName() + ": " + e.getMessage());
        }
    }

    private static void answer(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().write(body);
    }
}
