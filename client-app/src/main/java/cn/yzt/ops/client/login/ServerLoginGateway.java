package cn.yzt.ops.client.login;

import java.security.KeyStore;
import java.util.function.Consumer;

import cn.yzt.ops.client.api.ConsoleLogin;
import cn.yzt.ops.client.api.LoggedIn;
import cn.yzt.ops.client.api.LoginStep;
import cn.yzt.ops.client.api.OpsApiException;

/** The real gateway: {@link ConsoleLogin} against the configured ops-server. */
public final class ServerLoginGateway implements LoginGateway {
    private final ConsoleLogin login;
    private final Messages messages;

    public ServerLoginGateway(ConsoleLogin login, Messages messages) {
        this.login = login;
        this.messages = messages;
    }

    @Override
    public LoginSession login(KeyStore tokenStore, String alias, String account, char[] password) throws LoginException {
        return login(tokenStore, alias, account, password, s -> { });
    }

    @Override
    public LoginSession login(KeyStore tokenStore, String alias, String account, char[] password,
            Consumer<String> progress) throws LoginException {
        try {
            LoggedIn li = login.login(tokenStore, alias, account, password.clone(),
                    step -> progress.accept(messages.get("step." + step.name())));
            return new LoginSession(li.api().session().username(), li.api().session().serverId(), li, null, null);
        } catch (OpsApiException ex) {
            System.getLogger(ServerLoginGateway.class.getName()).log(System.Logger.Level.INFO,
                    "login failed: " + ex.kind() + " " + ex.detail());
            throw new LoginException(ex.getMessage(), ex);
        }
    }
}
