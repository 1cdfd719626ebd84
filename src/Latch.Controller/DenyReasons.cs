namespace Latch.Controller;

/// <summary>The reasons the controller itself gives; online denials carry Latch's reason (invalid, expired, policy, …) as is.</summary>
public static class DenyReasons
{
    /// <summary>No offline code matched (or the typed text is not a code of the door's length).</summary>
    public const string Invalid = "invalid";

    /// <summary>The offline code was already used at this door.</summary>
    public const string Consumed = "consumed";

    /// <summary>The offline code is on the twin's revocation list.</summary>
    public const string Revoked = "revoked";

    /// <summary>The keypad is locked after too many wrong codes; the code was not looked at.</summary>
    public const string Locked = "locked";

    /// <summary>Latch is unreachable and this door has no offline verification (offline mode off, or never synced).</summary>
    public const string Offline = "offline";

    /// <summary>Latch answered but refuses this controller (revoked credential, another door's credential).</summary>
    public const string Refused = "refused";
}
