namespace Latch.Server.Ui.Portal;

/// <summary>The self-service portal's flows.</summary>
internal sealed class PortalService;
