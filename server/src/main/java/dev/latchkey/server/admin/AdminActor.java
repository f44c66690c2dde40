package dev.latchkey.server.admin;

import dev.latchkey.server.accounts.UserService;
import dev.latchkey.server.auth.Authenticator;
import dev.latchkey.server.auth.Principal;
import dev.latchkey.server.http.ClientInfo;
import io.vertx.ext.web.RoutingContext;

final class AdminActor {

    private AdminActor() {
    }

    static UserService.Actor of(RoutingContext ctx) {
        Principal p = Authenticator.principal(ctx);
        return new UserService.Actor(p.userId(), null, ClientInfo.of(ctx));
    }
}
