namespace Latch.Core.Policies;

/// <summary>The kind of client a request comes from.</summary>
public enum ClientApp
{
    Browser,
    Mobile,
    Api,

    /// <summary>A door controller's keypad.</summary>
    Keypad,
}

public static class ClientApps
{
    public static string WireName(this ClientApp app) => app switch
    {
        ClientApp.Browser => "browser",
        ClientApp.Mobile => "mobile",
        ClientApp.Api => "api",
        ClientApp.Keypad => "keypad",
        _ => throw new ArgumentOutOfRangeException(nameof(app), app, null),
    };

    public static bool TryParse(string? value, out ClientApp app)
    {
        (var ok, app) = value switch
        {
            "browser" => (true, ClientApp.Browser),
            "mobile" => (true, ClientApp.Mobile),
            "api" => (true, ClientApp.Api),
            "keypad" => (true, ClientApp.Keypad),
            _ => (false, default),
        };
        return ok;
    }
}
