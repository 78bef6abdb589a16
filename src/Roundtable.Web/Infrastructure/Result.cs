using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Roundtable.Web.Infrastructure;

/// <summary>A user's mistake found by a feature class (a duplicate email, an end before its start): field and message.</summary>
public sealed record FieldError(string Field, string Message);

public sealed class Result<T>
{
    private Result(T? value, IReadOnlyList<FieldError> errors)
    {
        Value = value;
        Errors = errors;
    }

    public T? Value { get; }

    public IReadOnlyList<FieldError> Errors { get; }

    public bool Ok => Errors.Count == 0;

    public static Result<T> Success(T value) => new(value, []);

    public static Result<T> Fail(string field, string message) => new(default, [new FieldError(field, message)]);

    public static Result<T> Fail(IReadOnlyList<FieldError> errors) => new(default, errors);
}

public static class ModelStateExtensions
{
    public static void AddErrors(this ModelStateDictionary modelState, IEnumerable<FieldError> errors)
    {
        foreach (var e in errors)
        {
            modelState.AddModelError(e.Field, e.Message);
        }
    }
}
