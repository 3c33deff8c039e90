using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EscalationDesk.Data.Migrations
{
    /// <inheritdoc />
    public partial class Words_OwnerIdQueueIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Escalations_Owner_Severity_EscalatedAt_Status_OverdueFrom",
                table: "Escalations");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_OwnerId_Severity_EscalatedAt_Status_OverdueFrom",
                table: "Escalations",
                columns: new[] { "OwnerId", "Severity", "EscalatedAt", "Status", "OverdueFrom" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Escalations_OwnerId_Severity_EscalatedAt_Status_OverdueFrom",
                table: "Escalations");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Owner_Severity_EscalatedAt_Status_OverdueFrom",
                table: "Escalations",
                columns: new[] { "Owner", "Severity", "EscalatedAt", "Status", "OverdueFrom" });
        }
    }
}
