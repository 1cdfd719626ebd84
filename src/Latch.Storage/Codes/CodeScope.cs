namespace Latch.Storage.Codes;

/// <summary>Which active codes a bulk revocation ends: all of a user, all at a resource, or all of a challenge.</summary>
public abstract record CodeScope
{
    private CodeScope()
    {
    }

    public sealed record OfUser(long UserPk) : CodeScope;

    public sealed record AtResource(long ResourcePk) : CodeScope;

    public sealed record OfChallenge(long ChallengePk) : CodeScope;
}
