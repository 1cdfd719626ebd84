namespace Latch.Core.Otp;

/// <summary>The outcome of checking a typed TOTP code.</summary>
public abstract record TotpCheck
{
    private TotpCheck()
    {
    }

    /// <summary>The code matched time step <paramref name="Step"/>, later than the last accepted one.</summary>
    public sealed record Accepted(long Step) : TotpCheck;

    /// <summary>The code matched only steps at or before the last accepted one: a replay (RFC 6238 §5.2).</summary>
    public sealed record Replayed : TotpCheck;

    /// <summary>The code matched no step of the window.</summary>
    public sealed record NoMatch : TotpCheck;

    /// <summary>Not a code of this authenticator's shape (wrong length or not all digits).</summary>
    public sealed record Malformed : TotpCheck;
}
