using System.Reflection;
using System.Text.RegularExpressions;

namespace Roundtable.Tests.Infrastructure;

/// <summary>
/// The rules of ARCHITECTURE.md that a compiler does not check: <c>Infrastructure/</c> knows no feature (rooms plug
/// into it through its interfaces, and the composition root lists them).
/// </summary>
public sealed partial class ArchitectureTests
{
    private const string FeaturesNamespace = "Roundtable.Web.Features";

    [Fact]
    public void No_file_under_Infrastructure_names_a_feature()
    {
        var offenders = new List<string>();
        foreach (var file in SourceFiles("Infrastructure"))
        {
            var code = Code(File.ReadAllText(file));
            foreach (Match m in FeatureReference().Matches(code))
            {
                offenders.Add($"{Relative(file)}: {m.Value}");
            }
        }
        Assert.True(offenders.Count == 0, "Infrastructure must not import a feature (add an interface in Infrastructure and let the room implement it):\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void No_type_under_Infrastructure_has_a_feature_type_in_its_signatures()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var offenders = new List<string>();
        foreach (var type in typeof(Program).Assembly.GetTypes().Where(t => t.Namespace?.StartsWith("Roundtable.Web.Infrastructure", StringComparison.Ordinal) == true))
        {
            var used = new List<Type?> { type.BaseType };
            used.AddRange(type.GetInterfaces());
            used.AddRange(type.GetFields(all).Select(f => f.FieldType));
            used.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                used.AddRange(method.GetParameters().Select(p => p.ParameterType));
                if (method is MethodInfo info)
                {
                    used.Add(info.ReturnType);
                }
            }
            offenders.AddRange(used.SelectMany(Flatten).Where(IsFeature).Select(t => $"{type.FullName} uses {t.FullName}").Distinct());
        }
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    private static IEnumerable<Type> Flatten(Type? type)
    {
        if (type is null)
        {
            yield break;
        }
        yield return type;
        var inner = type.HasElementType ? [type.GetElementType()!] : type.IsGenericType ? type.GetGenericArguments() : [];
        foreach (var t in inner.SelectMany(Flatten))
        {
            yield return t;
        }
    }

    private static bool IsFeature(Type type) => type.Namespace?.StartsWith(FeaturesNamespace, StringComparison.Ordinal) == true;

    /// <summary>A feature named in code: its namespace, or Features.X relative to Roundtable.Web (not "context.Features.Get").</summary>
    [GeneratedRegex(@"Roundtable\.Web\.Features\b|(?<![\w.])Features\.[A-Z]\w*")]
    private static partial Regex FeatureReference();

    /// <summary>The text without comments and string literals, so a comment or a log message may name a room.</summary>
    private static string Code(string source) => Literals().Replace(source, "");

    [GeneratedRegex("""
        //[^\n]*|/\*.*?\*/|"{3,}.*?"{3,}|@"(?:[^"]|"")*"|\$?"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)+'
        """, RegexOptions.Singleline)]
    private static partial Regex Literals();

    internal static string Root()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Roundtable.sln")))
        {
            root = root.Parent;
        }
        Assert.NotNull(root);
        return root.FullName;
    }

    private static string Web => Path.Combine(Root(), "src", "Roundtable.Web");

    private static IEnumerable<string> SourceFiles(string under) =>
        Directory.EnumerateFiles(Path.Combine(Web, under), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    private static string Relative(string file) => Path.GetRelativePath(Root(), file);
}
