using System.Text.Json;

namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// Reads an ARM template (JSON, <c>deploymentTemplate.json</c> schema): its resources are the same types with the same
/// properties as Bicep's (a Bicep file compiles to one), so each is turned into the expression tree the Bicep reader
/// prices. Template expressions (<c>"[parameters('vmSize')]"</c>, <c>"[concat(…)]"</c>) are parsed with Bicep's
/// grammar; <c>parameters('x')</c> and <c>variables('x')</c> resolve to the defaults and variables; <c>copy.count</c> is
/// a loop and <c>condition</c> an <c>if</c>. A template that is not valid JSON is an error with its line.
/// </summary>
public static class ArmTemplateReader
{
    /// <summary>Whether a JSON file is an ARM deployment template (not a parameters file, not other JSON).</summary>
    public static bool LooksLikeArmTemplate(string text) =>
        text.Contains("deploymentTemplate.json", StringComparison.OrdinalIgnoreCase) && text.Contains("\"resources\"", StringComparison.Ordinal);

    /// <summary>Whether a JSON file is a deployment parameters file (<c>azuredeploy.parameters.json</c>, <c>main.parameters.json</c>).</summary>
    public static bool LooksLikeParameterFile(string text) => text.Contains("deploymentParameters.json", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A deployment parameters file: its values (<c>"value"</c>; a Key Vault <c>"reference"</c> is unknown) for the template
    /// beside it with the same name (<c>X.parameters.json</c> or <c>X.parameters.prod.json</c> → <c>X.bicep</c> or <c>X.json</c>,
    /// whichever <paramref name="exists"/>); null with the error added when it is not valid JSON.
    /// </summary>
    public static BicepParameterFile? ReadParameterFile(string file, string text, Func<string, bool> exists, IacParseResult result)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, Json);
            var values = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("parameters", out var ps)
                ? ValuesOf(ps) : new Dictionary<string, Expr?>(StringComparer.OrdinalIgnoreCase);
            var name = Path.GetFileName(file);
            var at = name.IndexOf(".parameters", StringComparison.OrdinalIgnoreCase);
            var folder = file[..^name.Length];
            var template = at <= 0 ? null
                : new[] { ".bicep", ".json" }.Select(ext => folder + name[..at] + ext).FirstOrDefault(exists); // the Bicep source before its compiled JSON
            return new BicepParameterFile(file, name, template, values);
        }
        catch (JsonException e)
        {
            result.Errors.Add(JsonError(file, e));
            return null;
        }
    }

    /// <summary>The values of a deployment's parameters object (<c>{"vmSize": {"value": …}}</c>, as Terraform's
    /// <c>parameters_content</c> writes it); null when the text is not a JSON object.</summary>
    public static Dictionary<string, Expr?>? ReadParameterValues(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, Json);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? ValuesOf(doc.RootElement) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Each parameter's <c>value</c>; a Key Vault <c>reference</c> (or anything else) is known only at deployment.</summary>
    private static Dictionary<string, Expr?> ValuesOf(JsonElement parameters)
    {
        var values = new Dictionary<string, Expr?>(StringComparer.OrdinalIgnoreCase);
        if (parameters.ValueKind != JsonValueKind.Object) return values;
        foreach (var p in parameters.EnumerateObject())
            values[p.Name] = p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("value", out var v)
                ? ToExpr(v)
                : new OpaqueExpr("a Key Vault reference (known at deployment)", 0);
        return values;
    }

    public static IacParseResult Read(string file, string text) => Read(file, text, null);

    /// <summary>
    /// Reads the template, <paramref name="values"/> (a parameter file's: <see cref="BicepParameterFile.Deploy"/>) winning over
    /// the defaults. Linked templates (<c>templateLink</c>) are read from <paramref name="tree"/> (the files read, by path)
    /// with the values passed; each one read is added to <paramref name="linked"/>. Without the tree every link is unknown.
    /// </summary>
    /// <remarks>With <paramref name="wanted"/>, every link that resolves to a path of the repository is added to
    /// <paramref name="linked"/>, also when it is not among the files (what a pull-request check still has to fetch).</remarks>
    public static IacParseResult Read(string file, string text, IReadOnlyDictionary<string, Expr?>? values,
        IReadOnlyDictionary<string, string>? tree = null, ISet<string>? linked = null, bool wanted = false)
    {
        var result = new IacParseResult();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, Json);
        }
        catch (JsonException e)
        {
            result.Errors.Add(JsonError(file, e));
            return result;
        }

        using (doc)
            if (doc.RootElement.ValueKind == JsonValueKind.Object) ReadTemplate(new Template(file, JsonLines.Read(text), new TemplateReads(), tree, linked) { Wanted = wanted }, doc.RootElement, "$", values, result, 0);
        return result;
    }

    /// <summary>Whether a template was compiled from Bicep (<c>metadata._generator.name</c> is <c>bicep</c>): beside its
    /// <c>.bicep</c> source it is the same deployment, priced once there.</summary>
    public static bool IsCompiledFromBicep(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, Json);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
                && m.TryGetProperty("_generator", out var g) && g.ValueKind == JsonValueKind.Object && g.TryGetProperty("name", out var n)
                && n.ValueKind == JsonValueKind.String && string.Equals(n.GetString(), "bicep", StringComparison.OrdinalIgnoreCase);
        }
        catch (JsonException) { return false; }
    }

    /// <summary>The file being read (the root template's, or a template it links): its path, where each of its objects
    /// starts, the work done on the whole read so far, and the files linked templates are read from.</summary>
    private sealed record Template(string Path, JsonLines Lines, TemplateReads Work, IReadOnlyDictionary<string, string>? Tree, ISet<string>? Linked)
    {
        /// <summary>Whether links that resolve to a path not among the files are recorded in <see cref="Linked"/> too.</summary>
        public bool Wanted { get; init; }
        public int Reads { get => Work.Count; set => Work.Count = value; }
        public ExprEvaluator? First { get => Work.First; set => Work.First = value; }
    }

    /// <summary>Templates read (the root's, its nested and linked deployments', once per copy) and the first evaluator, whose
    /// step count every evaluator of the read shares.</summary>
    private sealed class TemplateReads
    {
        public int Count { get; set; }
        public ExprEvaluator? First { get; set; }
    }

    /// <summary>How many templates one file may make the reader read (nested deployments × their copies): a hostile file
    /// of copies nested in copies would otherwise multiply the work at every level.</summary>
    private const int MaxTemplateReads = 200;

    /// <summary>How deep nested deployments are followed (Bicep modules compile to them; real templates nest 3 or 4).</summary>
    private const int MaxNestedDeployments = 10;

    /// <summary>One template's resources: deployed ones are priced, <c>existing</c> references are not, and a nested
    /// deployment with an inline template (a compiled Bicep module) is read with the values its parent passes.</summary>
    private static void ReadTemplate(Template file, JsonElement root, string at, IReadOnlyDictionary<string, Expr?>? values, IacParseResult result, int depth,
        ExprEvaluator? outer = null)
    {
        if (++file.Reads > MaxTemplateReads)
        {
            result.Errors.Add(new IacFileError(file.Path, file.Lines.Of(at), $"more than {MaxTemplateReads} templates to read (nested deployments × their copies): not estimated"));
            return;
        }
        var parameters = Named(root, "parameters", p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("defaultValue", out var d) ? ToExpr(d) : null);
        foreach (var (name, value) in values ?? new Dictionary<string, Expr?>())
            if (parameters.ContainsKey(name)) parameters[name] = value;
        var variables = new Dictionary<string, Expr?>(StringComparer.OrdinalIgnoreCase); // with the lists its `copy` loops make
        if (root.TryGetProperty("variables", out var vs) && vs.ValueKind == JsonValueKind.Object)
            foreach (var (name, value) in ObjectOf(vs).Properties) variables[name] = value;
        ExprEvaluator? eval = outer;
        eval ??= new ExprEvaluator((expr, _) => ArmTemplateLinks.IsTemplateLinkUri(expr) ? Resolved.Of(ArmTemplateLinks.UriOf(file.Path))
            : Resolve(expr, parameters, variables, eval!));
        if (file.First is null) file.First = eval;
        else if (outer is null) eval.CountingStepsWith(file.First);
        foreach (var (name, resource, path) in Resources(root, at))
            ReadResource(file, (name, path), resource, null, [], eval, result, depth);
    }

    /// <summary>
    /// One resource and the child resources nested in its own <c>resources</c> array (a workspace's <c>computes</c>, a cluster's
    /// <c>agentPools</c>: before, never read, so a GPU cluster written this way passed at $0). A child's short type is its
    /// parent's type and its own (<c>Microsoft.MachineLearningServices/workspaces/computes</c>); it is deployed only with its
    /// parents, so their <c>condition</c> and <c>copy</c> stand around it.
    /// </summary>
    private static void ReadResource(Template file, (string Name, string Path) at, JsonElement resource, string? parentType, List<JsonElement> parents,
        ExprEvaluator eval, IacParseResult result, int depth)
    {
        if (resource.ValueKind != JsonValueKind.Object || resource.TryGetProperty("existing", out var e) && e.ValueKind == JsonValueKind.True)
            return; // a reference to a resource deployed elsewhere
        var type = FullType(resource, parentType);
        if (parentType is null && IsNestedDeployment(resource, out var properties)) ReadNestedDeployment(file, at, resource, properties, eval, result, depth);
        else BicepReader.ReadResource(file.Path, Statement(at.Name, resource, file.Lines.Of(at.Path) ?? 0, type, parents), eval, result);
        if (!resource.TryGetProperty("resources", out var children) || children.ValueKind != JsonValueKind.Array || parents.Count >= MaxNestedDeployments) return;
        var i = 0;
        foreach (var child in children.EnumerateArray())
        {
            var name = LiteralName(child) ?? $"{(FullType(child, type) ?? "resource").Split('/')[^1]}[{i}]";
            ReadResource(file, (name, $"{at.Path}.resources[{i++}]"), child, type ?? "?", [.. parents, resource], eval, result, depth);
        }
    }

    /// <summary>A resource's type, with its parent's in front when it is a child written with its short type (<c>computes</c>).</summary>
    private static string? FullType(JsonElement resource, string? parentType) =>
        resource.ValueKind == JsonValueKind.Object && resource.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() is { } type
            ? parentType is null || type.Contains('/', StringComparison.Ordinal) ? type : $"{parentType}/{type}"
            : null;

    private static bool IsNestedDeployment(JsonElement resource, out JsonElement properties)
    {
        properties = default;
        return resource.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
            && string.Equals(t.GetString(), "Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase)
            && resource.TryGetProperty("properties", out properties) && properties.ValueKind == JsonValueKind.Object;
    }

    /// <summary>
    /// A nested deployment: an inline <c>template</c> is read (scope <c>inner</c>: with the <c>parameters</c> the parent
    /// passes, evaluated in the parent; otherwise with the parent's names), a linked one (<c>templateLink</c>) from the files
    /// read with the values passed (<see cref="ReadLinked"/>), a false <c>condition</c> deploys nothing and a <c>copy</c>
    /// multiplies what it deploys.
    /// </summary>
    private static void ReadNestedDeployment(Template file, (string Name, string Path) deployment, JsonElement resource, JsonElement properties,
        ExprEvaluator parent, IacParseResult result, int depth)
    {
        var name = deployment.Name;
        var inline = properties.TryGetProperty("template", out var template) && template.ValueKind == JsonValueKind.Object;
        var linked = !inline && NoteLink(file, properties, parent);
        var condition = resource.TryGetProperty("condition", out var cond) ? cond : default;
        if (condition.ValueKind != JsonValueKind.Undefined && parent.Evaluate(ToExpr(condition)).Value is false) return;
        if (!inline && !linked)
        {
            if (template.ValueKind == JsonValueKind.Undefined)
                result.Skipped.Add(new SkippedResource(file.Path, name, NestedDeployment, "a nested deployment with neither `template` nor `templateLink` deploys nothing"));
            else result.Resources.Add(NotRead(file, deployment, $"nested deployment `{name}`: its template is not an object (an expression is not read)"));
            return;
        }
        if (depth >= MaxNestedDeployments)
        {
            result.Errors.Add(new IacFileError(file.Path, file.Lines.Of(deployment.Path), $"nested deployments deeper than {MaxNestedDeployments} levels"));
            return;
        }

        var innerScope = properties.TryGetProperty("expressionEvaluationOptions", out var o) && o.ValueKind == JsonValueKind.Object
            && o.TryGetProperty("scope", out var sc) && string.Equals(sc.GetString(), "inner", StringComparison.OrdinalIgnoreCase);
        var at = deployment.Path + ".properties.template";
        IacParseResult ReadWith(ExprEvaluator outer)
        {
            if (!inline) return ReadLinked(file, (LiteralName(resource) ?? name, deployment.Path), properties, outer, depth);
            var inner = new IacParseResult();
            ReadTemplate(file, template, at, innerScope ? PassedValues(properties, outer) : null, inner, depth + 1, innerScope ? null : outer);
            return inner;
        }

        var copies = resource.TryGetProperty("copy", out var copy) && copy.ValueKind == JsonValueKind.Object && copy.TryGetProperty("count", out var count)
            ? parent.Evaluate(ToExpr(count)) : Resolved.Of(1m);
        var n = copies.AsDecimal() is { } c && c >= 0 && c == decimal.Truncate(c) && c <= IacInstances.MaxExpanded ? (int?)c : null;
        if (n is { } known && known <= MaxTemplateReads - file.Reads && IacInstances.References(ToExpr(resource), CopyIndex))
        {
            ReadCopies(name, known, parent, condition.ValueKind == JsonValueKind.Undefined ? null : ToExpr(condition), ReadWith, result);
            return;
        }

        var read = ReadWith(parent);
        var unknownCopies = $"copies of nested deployment `{name}`: {copies.Unresolved ?? $"not a whole number from 0 to {IacInstances.MaxExpanded:N0}"}";
        foreach (var r in read.Resources)
            result.Resources.Add(n is { } k
                ? r with { Quantity = r.Quantity * k, MinNodes = r.MinNodes * k, MaxNodes = r.MaxNodes * k }
                : r with { Sku = null, UnresolvedReason = r.UnresolvedReason ?? unknownCopies });
        Merge(read, result);
    }

    private const string NestedDeployment = "Microsoft.Resources/deployments";

    /// <summary>Whether a deployment links its template; the linked file is noted as read here, not on its own, even where
    /// this deployment deploys nothing (as a Bicep module file is).</summary>
    private static bool NoteLink(Template file, JsonElement properties, ExprEvaluator parent)
    {
        if (!properties.TryGetProperty("templateLink", out var link)) return false;
        if (LinkedText(file, link, "templateLink", parent, out var path).Text is not null) file.Linked?.Add(path!);
        return true;
    }

    /// <summary>A nested deployment whose template is not read: one unknown item on its line, never $0.</summary>
    private static IacResource NotRead(Template file, (string Name, string Path) deployment, string reason) => new()
    {
        File = file.Path,
        Name = deployment.Name,
        Type = NestedDeployment,
        Line = file.Lines.Of(deployment.Path) ?? 0,
        UnresolvedReason = $"{reason}: what it deploys is not priced",
        Via = [IacResource.ViaCall(file.Path, deployment.Name)],
    };

    /// <summary>
    /// A linked deployment: the template its <c>templateLink</c> names, read from the files read with the values passed
    /// (<c>parameters</c>, or a <c>parametersLink</c> file), always in its own scope; its resources are named
    /// <c>DEPLOYMENT/resource</c> and stand on their own lines. A link that is not read is one unknown item on the
    /// deployment's line (<see cref="ArmTemplateLinks"/>).
    /// </summary>
    private static IacParseResult ReadLinked(Template file, (string Name, string Path) deployment, JsonElement properties, ExprEvaluator parent, int depth)
    {
        var read = new IacParseResult();
        var values = PassedValues(properties, parent);
        var reason = properties.TryGetProperty("parametersLink", out var parametersLink) ? ReadLinkedParameters(file, parametersLink, parent, values, read) : null;
        var (text, linkNotRead) = LinkedText(file, properties.GetProperty("templateLink"), "templateLink", parent, out var path);
        reason ??= linkNotRead;
        if (reason is not null || text is null)
        {
            read.Resources.Add(NotRead(file, deployment, $"linked deployment `{deployment.Name}`: {reason}"));
            return read;
        }
        file.Linked?.Add(path!);
        ReadLinkedTemplate(file, deployment, path!, text, values, depth, read);
        return read;
    }

    /// <summary>The linked template's text read with the values passed; what it deploys named after the deployment.</summary>
    private static void ReadLinkedTemplate(Template file, (string Name, string Path) deployment, string path, string text, Dictionary<string, Expr?> values,
        int depth, IacParseResult read)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, Json);
        }
        catch (JsonException e)
        {
            read.Errors.Add(JsonError(path, e));
            return;
        }
        using (doc)
        {
            var linked = new IacParseResult();
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
                ReadTemplate(file with { Path = path, Lines = JsonLines.Read(text) }, doc.RootElement, "$", values, linked, depth + 1);
            read.Resources.AddRange(linked.Resources.Select(r => r with
            {
                Name = $"{deployment.Name}/{r.Name}",
                Via = [IacResource.ViaCall(file.Path, deployment.Name), .. r.Via],
            }));
            Merge(linked, read);
        }
    }

    /// <summary>A resource's <c>name</c> when it is a plain text (not a template expression).</summary>
    private static string? LiteralName(JsonElement resource) =>
        resource.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String && n.GetString() is { Length: > 0 } s && !s.StartsWith('[') ? s : null;

    /// <summary>The values of a <c>parametersLink</c> file put into <paramref name="values"/>; or why they cannot be read.</summary>
    private static string? ReadLinkedParameters(Template file, JsonElement link, ExprEvaluator parent, Dictionary<string, Expr?> values, IacParseResult read)
    {
        var (text, notRead) = LinkedText(file, link, "parametersLink", parent, out var path);
        if (text is null) return notRead;
        if (ReadParameterFile(path!, text, _ => false, read) is not { } parameters) return $"its parametersLink ({path}) is not valid JSON";
        foreach (var (key, value) in parameters.Values) values[key] = value;
        return null;
    }

    /// <summary>The text of the file a link points to, or why it is not read.</summary>
    private static (string? Text, string? NotRead) LinkedText(Template file, JsonElement link, string what, ExprEvaluator parent, out string? path)
    {
        (path, var reason) = ArmTemplateLinks.Target(file.Path, link, what, e => parent.Evaluate(ToExpr(e)));
        if (path is null) return (null, reason);
        if (file.Wanted) file.Linked?.Add(path);
        if (file.Tree is null || !file.Tree.TryGetValue(path, out var text)) return (null, $"its {what} ({path}) is not among the files read");
        return (text, null);
    }

    /// <summary>A copied nested deployment whose values depend on copyIndex() (a size per copy, a condition per copy): each
    /// copy is read with its index bound; copies that price alike are one resource with their quantities summed.</summary>
    private static void ReadCopies(string name, int copies, ExprEvaluator parent, Expr? condition, Func<ExprEvaluator, IacParseResult> read,
        IacParseResult result)
    {
        var all = new IacParseResult();
        var copyOf = new List<int>();
        for (var i = 0; i < copies; i++)
        {
            var index = (decimal)i;
            var bound = parent.With((expr, _) => expr is RefExpr { Name: CopyIndex } ? Resolved.Of(index) : null);
            if (condition is not null && bound.Evaluate(condition).Value is false) continue;
            var one = read(bound);
            all.Resources.AddRange(one.Resources);
            copyOf.AddRange(one.Resources.Select(_ => i));
            Merge(one, all);
        }
        foreach (var g in all.Resources.Select((r, i) => (Resource: r, Copy: copyOf[i])).GroupBy(x => (x.Resource.Type, x.Resource.Line, x.Resource.File)))
        {
            var names = g.Select(x => x.Resource.Name).Distinct().ToList();
            var together = IacInstances.Together([.. g.Select(x => x.Resource)], names.Count == 1 ? names[0] : $"{name}: {g.Key.Type.Split('/')[^1]}");
            // Copies that differ stand on their own, each named with its copy so the comment tells them apart.
            result.Resources.AddRange(together.Count == 1 ? together : g.Select(x => x.Resource with { Name = $"{x.Resource.Name} ({name} copy {x.Copy})" }));
        }
        result.Skipped.AddRange(all.Skipped.DistinctBy(x => (x.File, x.Type, x.Reason)));
        result.Errors.AddRange(all.Errors.DistinctBy(x => (x.File, x.Line, x.Message)));
        result.Computes.AddRange(all.Computes.DistinctBy(x => (x.Name, x.Sku)));
    }

    private static void Merge(IacParseResult from, IacParseResult into)
    {
        into.Skipped.AddRange(from.Skipped);
        into.Errors.AddRange(from.Errors);
        into.Computes.AddRange(from.Computes);
    }

    /// <summary>The values a parent passes to an inner-scope template, evaluated in the parent: known values as they are,
    /// the rest unknown with the reason.</summary>
    private static Dictionary<string, Expr?> PassedValues(JsonElement properties, ExprEvaluator parent)
    {
        var values = new Dictionary<string, Expr?>(StringComparer.OrdinalIgnoreCase);
        if (!properties.TryGetProperty("parameters", out var ps) || ps.ValueKind != JsonValueKind.Object) return values;
        foreach (var p in ps.EnumerateObject())
        {
            var passed = p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("value", out var v) ? parent.Evaluate(ToExpr(v))
                : Resolved.Fail("a Key Vault reference (known at deployment)");
            values[p.Name] = passed.IsKnown ? new LiteralExpr(passed.Value, 0) : new OpaqueExpr($"value passed by the parent template: {passed.Unresolved}", 0);
        }
        return values;
    }

    private static JsonDocumentOptions Json => new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 200 };

    /// <summary>Invalid JSON as a file error on its (1-based) line, without the reader's internal path.</summary>
    private static IacFileError JsonError(string file, JsonException e)
    {
        var (line, message) = JsonLines.Fault(e);
        return new(file, line, message);
    }

    private static Resolved? Resolve(Expr expr, Dictionary<string, Expr?> parameters, Dictionary<string, Expr?> variables, ExprEvaluator eval)
    {
        if (expr is not RefExpr r) return null;
        var (table, name, kind) = r.Name.StartsWith(ParameterPrefix, StringComparison.Ordinal)
            ? (parameters, r.Name[ParameterPrefix.Length..], "parameter")
            : r.Name.StartsWith(VariablePrefix, StringComparison.Ordinal) ? (variables, r.Name[VariablePrefix.Length..], "variable") : (null, r.Name, "");
        if (r.Name.StartsWith("copyIndex(", StringComparison.Ordinal))
            return Resolved.Fail($"`{r.Name}` outside a copy loop whose count is known");
        if (table is null) return Resolved.Fail($"`{r.Name}` is known only at deployment");
        return table.TryGetValue(name, out var value)
            ? value is null ? Resolved.Fail($"{kind} `{name}` has no default") : eval.Evaluate(value)
            : Resolved.Fail($"{kind} `{name}` is not declared in this template");
    }

    private const string ParameterPrefix = "parameters:", VariablePrefix = "variables:", ArmIf = "arm_if";

    /// <summary>How a lambda's parameter is named in ARM expressions (its <c>lambdaVariables('x')</c>): apart from parameters and variables.</summary>
    internal const string LambdaPrefix = "lambdaVariables:";

    /// <summary>The name <c>copyIndex()</c> takes in expressions: the loop's index, bound per copy when the count is known.</summary>
    private const string CopyIndex = "copyIndex()";

    private static Dictionary<string, Expr?> Named(JsonElement root, string section, Func<JsonElement, Expr?> value)
    {
        var d = new Dictionary<string, Expr?>(StringComparer.OrdinalIgnoreCase); // ARM names are case-insensitive
        if (root.TryGetProperty(section, out var s) && s.ValueKind == JsonValueKind.Object)
            foreach (var p in s.EnumerateObject()) d[p.Name] = value(p.Value);
        return d;
    }

    /// <summary>The resources: an array, or (languageVersion 2.0) an object keyed by symbolic name.</summary>
    private static IEnumerable<(string Name, JsonElement Resource, string Path)> Resources(JsonElement root, string at)
    {
        if (!root.TryGetProperty("resources", out var resources)) yield break;
        if (resources.ValueKind == JsonValueKind.Array)
        {
            // Named by type and position when the name is an expression that cannot be read (copyIndex(), uniqueString()).
            var i = 0;
            foreach (var r in resources.EnumerateArray())
            {
                var type = r.ValueKind == JsonValueKind.Object && r.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "resource";
                yield return ($"{type.Split('/')[^1]}[{i}]", r, $"{at}.resources[{i}]");
                i++;
            }
        }
        else if (resources.ValueKind == JsonValueKind.Object)
            foreach (var p in resources.EnumerateObject()) yield return (p.Name, p.Value, $"{at}.resources.{p.Name}");
    }

    /// <summary>The resource as the Bicep reader sees one: its type@apiVersion, the body, inside a loop (copy) and an if (condition).</summary>
    private static BicepReader.Statement Statement(string name, JsonElement resource, int line, string? type, List<JsonElement> parents)
    {
        var api = resource.ValueKind == JsonValueKind.Object && resource.TryGetProperty("apiVersion", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        var own = ToExpr(resource) as ObjectExpr;
        Expr? value = own;
        // Innermost first: a copied resource's condition is evaluated per copy (it may use copyIndex()), so it sits inside
        // the loop; a child sits inside its parents' conditions and loops, the closest first.
        foreach (var body in parents.AsEnumerable().Reverse().Select(p => ToExpr(p) as ObjectExpr).Prepend(own))
        {
            if (value is null) break;
            if (body?.Get("condition") is { } condition) value = new ConditionalExpr(condition, value, 0);
            if (body?.Get("copy") is ObjectExpr copy && copy.Get("count") is { } count) value = new ForExpr(count, value, 0, Index: CopyIndex);
        }
        return new BicepReader.Statement("resource", name, $"{type}@{api}", value, line);
    }

    /// <summary>JSON as an expression: objects, arrays, literals; a string in brackets is a template expression.</summary>
    private static Expr? ToExpr(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => ObjectOf(e),
        JsonValueKind.Array => new ArrayExpr([.. e.EnumerateArray().Select(i => ToExpr(i) ?? new LiteralExpr(null, 0))], 0),
        JsonValueKind.String => TemplateString(e.GetString()!),
        JsonValueKind.Number => e.TryGetDecimal(out var d) ? new LiteralExpr(d, 0) : new OpaqueExpr(e.GetRawText(), 0),
        JsonValueKind.True => new LiteralExpr(true, 0),
        JsonValueKind.False => new LiteralExpr(false, 0),
        _ => new LiteralExpr(null, 0),
    };

    /// <summary>An object's properties; a <c>copy</c> array in it (property iteration, or a variables section's
    /// <c>copy</c>) makes each loop's <c>name</c> a list of <c>count</c> <c>input</c>s, with <c>copyIndex('name')</c> bound.</summary>
    private static ObjectExpr ObjectOf(JsonElement e)
    {
        var properties = new List<KeyValuePair<string, Expr>>();
        foreach (var p in e.EnumerateObject())
        {
            if (p.Name.Equals("copy", StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.Array && PropertyLoops(p.Value) is { } loops)
                properties.AddRange(loops);
            else properties.Add(new(p.Name, ToExpr(p.Value) ?? new LiteralExpr(null, 0)));
        }
        return new ObjectExpr(properties, 0);
    }

    private static List<KeyValuePair<string, Expr>>? PropertyLoops(JsonElement copy)
    {
        var loops = new List<KeyValuePair<string, Expr>>();
        foreach (var c in copy.EnumerateArray())
        {
            if (c.ValueKind != JsonValueKind.Object || !c.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String || !c.TryGetProperty("count", out var count))
                return null;
            var name = n.GetString()!;
            var input = c.TryGetProperty("input", out var i) ? ToExpr(i) ?? new LiteralExpr(null, 0) : new OpaqueExpr($"copy loop `{name}` without input", 0);
            loops.Add(new(name, new ForExpr(ToExpr(count) ?? new LiteralExpr(null, 0), input, 0, Index: $"copyIndex('{name}')")));
        }
        return loops;
    }

    /// <summary>"[expr]" is an expression ("[[" escapes a literal bracket); parameters('x') and variables('x') become names.</summary>
    private static Expr TemplateString(string s)
    {
        if (!s.StartsWith('[') || !s.EndsWith(']') || s.StartsWith("[[", StringComparison.Ordinal))
            return new LiteralExpr(s.StartsWith("[[", StringComparison.Ordinal) ? s[1..] : s, 0);
        try
        {
            // ARM's if(…) is a function; in Bicep's grammar `if` starts a condition, so the name is given another spelling.
            var tokens = new BicepLexer(s[1..^1]).Tokenize()
                .Select(t => t.Kind == TokKind.Ident && t.Text == "if" ? t with { Text = ArmIf } : t).ToList();
            var parsed = new BicepParser(tokens, "").ParseStandaloneExpression();
            return Names(parsed, 0);
        }
        catch (IacSyntaxException)
        {
            return new OpaqueExpr(s, 0);
        }
    }

    /// <summary><c>copyIndex()</c> is the loop's index; <c>copyIndex(1)</c> adds an offset; <c>copyIndex('disks')</c> names
    /// another (property or variable) loop, which is not expanded: unknown.</summary>
    private static Expr CopyIndexOf(CallExpr c, int depth)
    {
        var (loop, offset) = c.Arguments switch
        {
            [] => (null, null),
            [LiteralExpr { Value: string name }] => (name, null),
            [LiteralExpr { Value: string name }, var o] => (name, o),
            [var o] => ((string?)null, o),
            _ => (null, (Expr?)new OpaqueExpr("copyIndex(…) with more than two arguments", c.Line)),
        };
        Expr index = new RefExpr(loop is null ? CopyIndex : $"copyIndex('{loop}')", c.Line);
        return offset is null ? index : new BinaryExpr(index, "+", Names(offset, depth + 1), c.Line);
    }

    /// <summary>ARM's <c>lambda('x', 'i', body)</c>, whose body names its parameters <c>lambdaVariables('x')</c>; null when
    /// the names are not literal texts.</summary>
    private static LambdaExpr? ArmLambda(CallExpr c, int depth)
    {
        if (c.Arguments.Count < 2) return null;
        var names = new List<string>(c.Arguments.Count - 1);
        for (var i = 0; i < c.Arguments.Count - 1; i++)
            if (c.Arguments[i] is LiteralExpr { Value: string name }) names.Add(LambdaPrefix + name);
            else return null;
        return new LambdaExpr(names, Names(c.Arguments[^1], depth + 1), c.Line);
    }

    private static Expr Names(Expr e, int depth) => depth > 64 ? new OpaqueExpr("…", e.Line) : e switch
    {
        CallExpr { Function: var f, Arguments: [LiteralExpr { Value: string name }] } when f.Equals("parameters", StringComparison.OrdinalIgnoreCase) =>
            new RefExpr(ParameterPrefix + name, e.Line),
        CallExpr { Function: var f, Arguments: [LiteralExpr { Value: string name }] } when f.Equals("variables", StringComparison.OrdinalIgnoreCase) =>
            new RefExpr(VariablePrefix + name, e.Line),
        CallExpr { Function: var f } c when f.Equals("copyIndex", StringComparison.OrdinalIgnoreCase) => CopyIndexOf(c, depth),
        // lambda('x', 'i', body) and lambdaVariables('x'): the same lambda as Bicep's (x, i) => body.
        CallExpr { Function: var f } c when f.Equals("lambda", StringComparison.OrdinalIgnoreCase) && ArmLambda(c, depth) is { } lambda => lambda,
        CallExpr { Function: var f, Arguments: [LiteralExpr { Value: string name }] } when f.Equals("lambdaVariables", StringComparison.OrdinalIgnoreCase) =>
            new RefExpr(LambdaPrefix + name, e.Line),
        CallExpr c => c with { Function = c.Function == ArmIf ? "if" : c.Function, Arguments = [.. c.Arguments.Select(a => Names(a, depth + 1))] },
        MemberExpr m => m with { Target = Names(m.Target, depth + 1) },
        IndexExpr i => i with { Target = Names(i.Target, depth + 1), Index = Names(i.Index, depth + 1) },
        BinaryExpr b => b with { Left = Names(b.Left, depth + 1), Right = Names(b.Right, depth + 1) },
        UnaryExpr u => u with { Operand = Names(u.Operand, depth + 1) },
        TernaryExpr t => t with { Condition = Names(t.Condition, depth + 1), WhenTrue = Names(t.WhenTrue, depth + 1), WhenFalse = Names(t.WhenFalse, depth + 1) },
        _ => e,
    };
}
