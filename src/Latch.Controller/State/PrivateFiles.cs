namespace Latch.Controller.State;

/// <summary>
/// The controller's "flash": files readable by its own account only (they hold the door secret and the device key),
/// each replaced atomically so a power cut leaves the old content or the new, never half of either.
/// </summary>
public static class PrivateFiles
{
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Writes through a temporary file (created 0600, flushed to disk) renamed over <paramref name="path"/>.</summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> content)
    {
        CreateFolder(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";

        // A temporary file left by a crash keeps whatever mode it had: remove it so the new one is created 0600.
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
