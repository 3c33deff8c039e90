using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace EscalationDesk.Features.Wizard;

// Each text field has a limit that validation reports at the field (escalating is blocked, saving is not),
// and a hard ceiling of twice that which the browser and the server both enforce, so a huge paste can
// neither flood the circuit nor the database while a slightly-too-long text is still kept for editing.
public static class TextLimits
{
    public const int Summary = 120;
    public const int Short = 2_000;
    public const int Long = 20_000;
    public const int Name = 200;

    public static int Ceiling(int limit) => Math.Max(limit * 2, 1_000);

    public const string TooLongMessage = "{0} must be at most {1:N0} characters.";

    // Walks an input model and cuts every string to its ceiling; what the browser allowed is never cut.
    public static void ClampToCeilings(object model)
    {
        foreach (var property in model.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || property.GetIndexParameters().Length > 0) continue;
            var value = property.GetValue(model);
            switch (value)
            {
                case string text when property.CanWrite:
                    var limit = property.GetCustomAttribute<StringLengthAttribute>()?.MaximumLength ?? Short;
                    var ceiling = Ceiling(limit);
                    if (text.Length > ceiling) property.SetValue(model, text[..ceiling]);
                    break;
                case IEnumerable items when value is not string:
                    foreach (var item in items)
                        if (item is not null && IsModel(item.GetType())) ClampToCeilings(item);
                    break;
                case not null when IsModel(value.GetType()):
                    ClampToCeilings(value);
                    break;
            }
        }
    }

    private static bool IsModel(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace == typeof(TextLimits).Namespace;
}
