namespace Latch.Server.Hosting;

/// <summary>Writes files only the service account may read (key rings): mode 0600 in a 0700 folder, replaced atomically.</summary>
internal static class PrivateFile
{
    /// <summary>
    /// Writes <paramref name="path"/> through a temporary file renamed over it, so a crash leaves either the old
    /// content or the new, never half of it.
    /// </summary>
    public static void WriteAtomically(string path, Action<Stream> write)
    {
        DataFolder.Create(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";

        // A temporary file left by a crash keeps whatever mode it had: remove it so the new one is created 0600.
        File.Delete(temporary);

        // Created with 0600 from the start, so the content is never readable by others, not even briefly.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            write(stream);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
