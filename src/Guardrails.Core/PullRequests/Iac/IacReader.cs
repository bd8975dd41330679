using Guardrails.Core.Common;

namespace Guardrails.Core.PullRequests.Iac;

/// <summary>Picks the reader by file name and content.</summary>
public static class IacReader
{
    public static bool IsCostBearingPath(string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        return ext is ".bicep" or ".bicepparam" or ".tf" or ".yml" or ".yaml" or ".json" || IsAutoLoadedVariableFile(path);
    }

    /// <summary>The variable files Terraform loads by itself (<c>terraform.tfvars</c>, <c>*.auto.tfvars</c>): a PR that
    /// changes a size there changes the bill. Other <c>.tfvars</c> files are loaded only with <c>-var-file</c>.</summary>
    public static bool IsAutoLoadedVariableFile(string path)
    {
        var name = Path.GetFileName(path.Replace('\\', '/'));
        if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) name = name[..^".json".Length]; // terraform.tfvars.json, x.auto.tfvars.json
        return name.Equals("terraform.tfvars", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".auto.tfvars", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reads a set of files (path → text). Terraform files in one folder share variables and locals; module folders
    /// and module files are read through their callers; parameter files deploy the templates they name.</summary>
    /// <remarks><paramref name="uncalledModules"/>: the module files (Bicep) and folders (Terraform, as <c>folder/</c>) for which
    /// no caller was found, with the note their resources carry (they are priced with their own defaults).</remarks>
    /// <remarks><paramref name="registryModules"/>: the compiled ARM templates of the Bicep registry modules fetched for these
    /// files, by <see cref="BicepRegistryReference.Key"/>; a registry call whose template is not among them is unknown.</remarks>
    public static IacParseResult ReadAll(IReadOnlyDictionary<string, string> all, IReadOnlyDictionary<string, string>? uncalledModules = null,
        IReadOnlyDictionary<string, string>? registryModules = null)
    {
        var result = new IacParseResult();
        var files = ReadableText(all, result);
        var parameterFiles = ParameterFiles(files, result);
        var modules = TerraformModules.CalledFolders(files);
        var calledBicep = ModuleSources.CalledBicepFiles(files);
        var arm = ArmTemplates.Read(files, parameterFiles);
        foreach (var (folder, caller) in modules.Where(m => !TerraformInstalledModules.IsInstalled(m.Key)))
            result.Skipped.Add(new SkippedResource(folder, folder == "" ? "." : folder, "module folder", $"read through the module call in {caller} (with the values it passes), not on its own"));
        foreach (var (path, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (TerraformInstalledModules.IsInstalled(path)) continue; // terraform init's copies: read through the calls that use them
            ReadFile(path, text, files, parameterFiles, modules, calledBicep, arm, registryModules, result);
        }
        ClampErrorLines(files, result);
        if (uncalledModules is { Count: > 0 }) NoteUncalled(uncalledModules, result);
        return result;
    }

    /// <summary>The files that are Unicode text: one holding a lone UTF-16 surrogate (no UTF-8 decoder makes one, but a
    /// caller's text may hold it) is an error on its line, not read (a JSON reader would throw on it).</summary>
    private static Dictionary<string, string> ReadableText(IReadOnlyDictionary<string, string> all, IacParseResult result)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, text) in all)
        {
            var bad = LoneSurrogateAt(text);
            if (bad < 0) files[path] = text;
            else result.Errors.Add(new IacFileError(path, LineCount(text[..bad]), "not Unicode text (a lone UTF-16 surrogate)"));
        }
        return files;
    }

    private static int LoneSurrogateAt(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (char.IsSurrogate(text[i])) return i;
        }
        return -1;
    }

    /// <summary>An error past a file's end (a parser that reports the end of a cut file on the line after it) names the
    /// file's last line: a check-run annotation must land on a line that exists.</summary>
    private static void ClampErrorLines(IReadOnlyDictionary<string, string> files, IacParseResult result)
    {
        for (var i = 0; i < result.Errors.Count; i++)
            if (result.Errors[i] is { Line: { } line } error && files.TryGetValue(error.File, out var text)
                && LineCount(text) is var last && line > last)
                result.Errors[i] = error with { Line = last };
    }

    /// <summary>How many lines a text has (a line ends at LF, CRLF or a lone CR).</summary>
    private static int LineCount(string text) =>
        1 + text.AsSpan().Count('\n') + text.AsSpan().Count('\r') - text.AsSpan().Count("\r\n".AsSpan());

    /// <summary>A resource read from a module no caller was found for (in its file or folder, or through its module calls)
    /// carries the note that it is priced with the module's own defaults, with its file and line.</summary>
    private static void NoteUncalled(IReadOnlyDictionary<string, string> uncalledModules, IacParseResult result)
    {
        for (var i = 0; i < result.Resources.Count; i++)
        {
            var r = result.Resources[i];
            var from = r.Via.Count > 0 && r.Via[0].IndexOf('#', StringComparison.Ordinal) is var at and > 0 ? r.Via[0][..at] : r.File;
            if ((uncalledModules.GetValueOrDefault(from) ?? uncalledModules.GetValueOrDefault(ModuleSources.FolderOf(from) + "/")) is { } note)
                result.Resources[i] = r with { Notes = [.. r.Notes, $"{r.File}:{r.Line}: {note}"] };
        }
    }

    /// <summary>The templates that the parameter files among <paramref name="files"/> deploy (deployable roots, not modules).</summary>
    public static IReadOnlySet<string> DeployedTemplates(IReadOnlyDictionary<string, string> files) =>
        ParameterFiles(files, new IacParseResult()).Select(p => p.Template).OfType<string>().ToHashSet(StringComparer.Ordinal);

    /// <summary>The Bicep (<c>.bicepparam</c>) and ARM parameter files among <paramref name="files"/>; one whose template is not
    /// among them is listed as not estimated.</summary>
    private static List<BicepParameterFile> ParameterFiles(IReadOnlyDictionary<string, string> files, IacParseResult result)
    {
        var parameterFiles = files.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => f.Key.EndsWith(".bicepparam", StringComparison.OrdinalIgnoreCase) ? BicepParameterFiles.Read(f.Key, f.Value, result)
                : f.Key.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && ArmTemplateReader.LooksLikeParameterFile(f.Value)
                    ? ArmTemplateReader.ReadParameterFile(f.Key, f.Value, files.ContainsKey, result)
                    : null)
            .OfType<BicepParameterFile>().ToList();
        foreach (var orphan in parameterFiles.Where(p => p.Template is null || !files.ContainsKey(p.Template)))
            result.Skipped.Add(new SkippedResource(orphan.File, orphan.Name, "parameters",
                $"parameters for {orphan.Template ?? (orphan.File.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "no template of the same name beside it" : "no template (no `using`)")}, which is not among the files read: not estimated"));
        return parameterFiles;
    }

    /// <summary>One file, by its kind: Bicep, Terraform (HCL or JSON) and its variable files, ARM, Azure ML YAML.</summary>
    private static void ReadFile(string path, string text, IReadOnlyDictionary<string, string> files, List<BicepParameterFile> parameterFiles,
        IReadOnlyDictionary<string, string> modules, IReadOnlyDictionary<string, string> calledBicep, ArmTemplates arm, IReadOnlyDictionary<string, string>? registry,
        IacParseResult result)
    {
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".bicep" when calledBicep.TryGetValue(path, out var bicepCaller):
                result.Skipped.Add(new SkippedResource(path, Path.GetFileName(path), "module file", $"read through the module call in {bicepCaller} (with the values it passes), not on its own"));
                break;
            case ".bicep":
                // Deployed once per parameter file that uses it; with none, with its defaults.
                foreach (var d in BicepParameterFile.ReadDeployments(path, parameterFiles, values => BicepReader.Read(path, text, values, files, registry)))
                    result.Add(d);
                break;
            case ".tf":
            case ".json" when TerraformJson.IsJsonFile(path):
                var dir = ModuleSources.FolderOf(path);
                if (modules.ContainsKey(dir)) break; // priced through its callers
                var siblings = files.Where(f => f.Key != path && IsTerraformFile(f.Key) && ModuleSources.FolderOf(f.Key) == dir)
                    .Select(f => f.Value);
                result.Add(TerraformReader.Read(path, text, siblings, VariableFilesOf(files, dir), files));
                break;
            case ".tfvars" or ".json" when IsAutoLoadedVariableFile(path):
                result.Add(TerraformReader.ReadVariableFile(path, text));
                break;
            case ".json" when ArmTemplateReader.LooksLikeArmTemplate(text) && CompiledFrom(path, files) is { } source:
                result.Skipped.Add(new SkippedResource(path, Path.GetFileName(path), "compiled ARM template",
                    $"compiled from {source} beside it, which is priced (the same deployment, counted once)"));
                break;
            case ".json" when arm.LinkedFrom.TryGetValue(path, out var linkCaller):
                result.Skipped.Add(new SkippedResource(path, Path.GetFileName(path), "linked template",
                    $"read through the {(IsTerraformFile(linkCaller) ? "template deployment" : "linked deployment")} in {linkCaller} (with the values it passes), not on its own"));
                break;
            case ".json" when arm.Deployments.TryGetValue(path, out var deployments):
                foreach (var d in deployments) result.Add(d);
                break;
            case ".yml" or ".yaml" when AzureMlYamlReader.LooksLikeAzureMl(text):
                result.Add(AzureMlYamlReader.Read(path, text));
                break;
        }
    }

    /// <summary>
    /// The ARM templates among the files that are read as templates (not a Terraform JSON or variable file, not compiled
    /// from a Bicep file beside them), each read once per parameter file that deploys it, with the templates it links read
    /// through its deployments. A template linked from another one is read there, with the values passed, not on its own
    /// (<see cref="LinkedFrom"/>: its first caller). Read before the files are walked, because whether a file is a root
    /// depends on what the others link.
    /// </summary>
    private sealed record ArmTemplates(IReadOnlyDictionary<string, List<IacParseResult>> Deployments, IReadOnlyDictionary<string, string> LinkedFrom)
    {
        public static ArmTemplates Read(IReadOnlyDictionary<string, string> files, List<BicepParameterFile> parameterFiles)
        {
            var deployments = new Dictionary<string, List<IacParseResult>>(StringComparer.Ordinal);
            var links = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            // Templates a Terraform file deploys (template_content = file(…)) are read there.
            foreach (var (path, text) in files.Where(f => IsTerraformFile(f.Key)).OrderBy(f => f.Key, StringComparer.Ordinal))
                if (TerraformTemplateDeployments.TemplateFiles(path, text).Where(files.ContainsKey).ToList() is { Count: > 0 } deployed) links[path] = deployed;
            foreach (var (path, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                if (!IsArmTemplateRead(path, text, files)) continue;
                var linked = new HashSet<string>(StringComparer.Ordinal);
                deployments[path] = [.. BicepParameterFile.ReadDeployments(path, parameterFiles, values => ArmTemplateReader.Read(path, text, values, files, linked))];
                links[path] = [.. linked.Where(l => l != path).Order(StringComparer.Ordinal)];
            }
            return new(deployments, ModuleSources.CalledFromRoots(links));
        }

        private static bool IsArmTemplateRead(string path, string text, IReadOnlyDictionary<string, string> files) =>
            path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !TerraformJson.IsJsonFile(path) && !IsAutoLoadedVariableFile(path)
            && !TerraformInstalledModules.IsInstalled(path) && ArmTemplateReader.LooksLikeArmTemplate(text) && CompiledFrom(path, files) is null;
    }

    /// <summary>A Terraform configuration file: HCL (<c>.tf</c>) or JSON (<c>.tf.json</c>, as CDK for Terraform writes it).</summary>
    public static bool IsTerraformFile(string path) =>
        path.EndsWith(".tf", StringComparison.OrdinalIgnoreCase) || TerraformJson.IsJsonFile(path);

    /// <summary>The Bicep file a template beside it was compiled from (<c>main.json</c> next to <c>main.bicep</c>, as Azure
    /// Verified Modules commit both), or null.</summary>
    private static string? CompiledFrom(string path, IReadOnlyDictionary<string, string> files)
    {
        var source = path[..^Path.GetExtension(path).Length] + ".bicep";
        return files.ContainsKey(source) && ArmTemplateReader.IsCompiledFromBicep(files[path]) ? source : null;
    }

    /// <summary>A folder's auto-loaded variable files in Terraform's order: terraform.tfvars, then *.auto.tfvars by name.</summary>
    private static IEnumerable<string> VariableFilesOf(IReadOnlyDictionary<string, string> files, string dir) =>
        files.Where(f => IsAutoLoadedVariableFile(f.Key) && ModuleSources.FolderOf(f.Key) == dir)
            .OrderBy(f => f.Key.Contains(".auto.tfvars", StringComparison.OrdinalIgnoreCase)) // terraform.tfvars[.json] first
            .ThenBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => f.Value);

    /// <summary>Under a version-control or package folder (<c>.git</c>, <c>node_modules</c>): never IaC of the directory. What
    /// <c>terraform init</c> writes under <c>.terraform</c> is kept: its installed modules are read through their calls.</summary>
    private static bool IsToolingFolder(string relative) =>
        relative.Split('/').SkipLast(1).Any(part => part is ".git" or "node_modules")
        || (TerraformInstalledModules.IsInstalled(relative) && !IsTerraformFile(relative) && !relative.EndsWith(TerraformInstalledModules.Manifest, StringComparison.Ordinal));

    /// <summary>Reads every IaC file under a directory; paths in the result are relative, with '/' separators.</summary>
    public static IacParseResult ReadDirectory(string directory)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Directory.Exists(directory))
        {
            foreach (var f in InputFolder.Files(directory))
            {
                if (!IsCostBearingPath(f)) continue;
                var rel = Path.GetRelativePath(directory, f).Replace('\\', '/');
                if (IsToolingFolder(rel)) continue;
                if (rel.Equals("guardrails.yaml", StringComparison.OrdinalIgnoreCase) || rel.Equals("guardrails.yml", StringComparison.OrdinalIgnoreCase)
                    || rel.Equals(UsageFile.FileName, StringComparison.OrdinalIgnoreCase)) continue;
                files[rel] = File.ReadAllText(f);
            }
        }
        return ReadAll(files);
    }
}
