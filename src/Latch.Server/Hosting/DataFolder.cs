namespace Latch.Server.Hosting;

/// <summary>Creates Latch's folders readable by the service account only: they hold the key ring and the outbox.</summary>
internal static class DataFolder
{
    public static void Create(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
