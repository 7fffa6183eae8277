package io.dynamicsdotdigital.dataverse.client.auth;

/**
 * The server refused a credential the user configured; {@link #setting()} names the configuration key at fault
 * (the password, the client secret, ...), so that {@code validate()} can put the error on that field. The message
 * never contains the secret.
 */
public class CredentialRejectedException extends AuthenticationException {
    private static final long serialVersionUID = 1L;
    private final String setting;

    public CredentialRejectedException(String setting, String message, Throwable cause) {
        super(message, cause);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}
