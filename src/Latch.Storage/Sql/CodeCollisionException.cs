namespace Latch.Storage.Sql;

/// <summary>Aborts an issuance inside its transaction when the drawn value is already active at the resource.</summary>
internal sealed class CodeCollisionException : Exception
{
    public CodeCollisionException()
        : base("An active code at this resource already has this value.")
    {
    }
}
