using System.Reflection;
using System.Text.RegularExpressions;

namespace Roundtable.Tests.Infrastructure;

/// <summary>
/// The rules of ARCHITECTURE.md that a compiler does not check: <c>Infrastructure/</c> knows no feature (rooms plug
/// into it through its interfaces, and the composition root lists them), and every file is named after a type it
/// declares, so "go to file" by a class's name finds it.
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

    /// <summary>Files that hold a group on purpose, with the reason.</summary>
    private static readonly Dictionary<string, string> NamedAfterAGroup = new()
    {
        ["Features/Proceedings/ProceedingsPages.cs"] = "the view models of the proceedings pages, one small class per page",
    };

    [Fact]
    public void Every_file_under_src_declares_a_type_with_its_name()
    {
        var offenders = new List<string>();
        foreach (var file in SourceFiles(""))
        {
            var relative = Path.GetRelativePath(Web, file).Replace(Path.DirectorySeparatorChar, '/');
            // Foo.cs, or a part of a partial class: Foo.Images.cs.
            var name = Path.GetFileName(file).Split('.')[0];
            var declared = TypeDeclaration().Matches(Code(File.ReadAllText(file))).Select(m => m.Groups[1].Value).ToHashSet();
            if (!declared.Contains(name) && !declared.Contains(name + "Attribute") && !NamedAfterAGroup.ContainsKey(relative))
            {
                offenders.Add($"{relative} declares {string.Join(", ", declared)}");
            }
        }
        Assert.True(offenders.Count == 0, "Name each file after the class it holds (split a group into files), or add it to NamedAfterAGroup with the reason:\n" + string.Join("\n", offenders));
    }

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+(\w+)")]
    private static partial Regex TypeDeclaration();

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
        Directory.EnumerateFiles(under.Length == 0 ? Web : Path.Combine(Web, under), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    private static string Relative(string file) => Path.GetRelativePath(Root(), file);
}
