namespace Latch.Storage.Sql;

/// <summary>Aborts an issuance inside its transaction when the drawn value is live under an older key.</summary>
internal sealed class CodeCollisionException : Exception
{
    public CodeCollisionException()
        : base("An active code at this resource already has this value.")
    {
    }
}
