using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EscalationDesk.Data.Migrations
{
    /// <inheritdoc />
    public partial class QueueStatusOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "StatusOrder",
                table: "Escalations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Open_ArrAtRisk",
                table: "Escalations",
                columns: new[] { "StatusOrder", "ArrAtRisk" },
                filter: "\"StatusOrder\" IN (1, 2)");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Open_EscalatedAt",
                table: "Escalations",
                columns: new[] { "StatusOrder", "EscalatedAt" },
                filter: "\"StatusOrder\" IN (1, 2)");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Open_NextCustomerOverdueAt",
                table: "Escalations",
                columns: new[] { "StatusOrder", "NextCustomerOverdueAt" },
                filter: "\"StatusOrder\" IN (1, 2)");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Open_NextInternalDueAt",
                table: "Escalations",
                columns: new[] { "StatusOrder", "NextInternalDueAt" },
                filter: "\"StatusOrder\" IN (1, 2)");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Open_PrimaryTarget",
                table: "Escalations",
                columns: new[] { "PrimaryTarget", "StatusOrder" },
                filter: "\"StatusOrder\" IN (1, 2)");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Open_Severity",
                table: "Escalations",
                columns: new[] { "Severity", "StatusOrder" },
                filter: "\"StatusOrder\" IN (1, 2)");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_StatusOrder_Status",
                table: "Escalations",
                columns: new[] { "StatusOrder", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Escalations_Open_ArrAtRisk",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Open_EscalatedAt",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Open_NextCustomerOverdueAt",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Open_NextInternalDueAt",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Open_PrimaryTarget",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Open_Severity",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_StatusOrder_Status",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "StatusOrder",
                table: "Escalations");
        }
    }
}
