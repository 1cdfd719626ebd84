namespace Latch.Server.Delivery.Email;

/// <summary>
/// The SMTP dialogue ended early: an unexpected reply, or a server that lacks what the settings require. The message
/// says what failed and quotes the server; it never holds what Latch sent (the password, the message).
/// </summary>
internal sealed class SmtpFailureException(string message, bool retryable) : Exception(message)
{
    public bool Retryable => retryable;
}
