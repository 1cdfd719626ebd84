namespace Latch.Storage.Codes;

/// <summary>Which active codes a bulk revocation ends: all of a user, or all at a resource.</summary>
public abstract record CodeScope
{
    private CodeScope()
    {
    }

    public sealed record OfUser(long UserPk) : CodeScope;

    public sealed record AtResource(long ResourcePk) : CodeScope;
}
