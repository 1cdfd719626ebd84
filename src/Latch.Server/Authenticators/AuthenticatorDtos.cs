namespace Latch.Server.Authenticators;

public sealed record EnrollTotpRequest
{
    public string? Algorithm { get; init; }
    public int? Digits { get; init; }
    public int? Period { get; init; }
}

/// <summary>The enrollment answer: the only place the secret ever appears, inside <see cref="OtpauthUri"/> and its QR code.</summary>
public sealed record TotpEnrolled(string Id, string OtpauthUri, string QrSvg, string Algorithm, int Digits, int Period, string State)
{
    public override string ToString() => $"TotpEnrolled {{ Id = {Id}, OtpauthUri = (redacted), QrSvg = (redacted) }}";
}

public sealed record ActivateAuthenticatorRequest
{
    public string? Code { get; init; }
}

public sealed record AuthenticatorView(
    string Id, string UserId, string Kind, string Algorithm, int Digits, int Period, string State, DateTimeOffset CreatedAt, DateTimeOffset? ActivatedAt);
