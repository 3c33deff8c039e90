using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EscalationDesk.Data.Migrations
{
    /// <inheritdoc />
    public partial class QueueScale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Escalations_EscalatedAt",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_NextCustomerDueAt",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_NextInternalDueAt",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_PrimaryTarget",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Severity",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Severity_EscalatedAt",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Status",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Status_ArrAtRisk",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Status_CustomerName",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Status_EscalatedAt",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Status_NextCustomerDueAt",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Status_NextCustomerOverdueAt",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Status_NextInternalDueAt",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Status_Owner",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Status_PrimaryTarget",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Status_Severity_EscalatedAt_NextInternalDueAt_NextCustomerOverdueAt_Targets_CustomerName",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Status_Summary",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Status_Targets",
                table: "Escalations");

            migrationBuilder.AddColumn<DateTime>(
                name: "OverdueFrom",
                table: "Escalations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "TargetEngineering",
                table: "Escalations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "TargetL2Support",
                table: "Escalations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "TargetLeadership",
                table: "Escalations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "TargetProduct",
                table: "Escalations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "TargetSecurity",
                table: "Escalations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_AccountId_Severity_EscalatedAt_Status",
                table: "Escalations",
                columns: new[] { "AccountId", "Severity", "EscalatedAt", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_ArrAtRisk_Status",
                table: "Escalations",
                columns: new[] { "ArrAtRisk", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_CustomerName_Status",
                table: "Escalations",
                columns: new[] { "CustomerName", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_EscalatedAt_Status",
                table: "Escalations",
                columns: new[] { "EscalatedAt", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_NextCustomerDueAt_Status",
                table: "Escalations",
                columns: new[] { "NextCustomerDueAt", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_NextCustomerOverdueAt_Status",
                table: "Escalations",
                columns: new[] { "NextCustomerOverdueAt", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_NextInternalDueAt_Status",
                table: "Escalations",
                columns: new[] { "NextInternalDueAt", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Owner_Severity_EscalatedAt_Status",
                table: "Escalations",
                columns: new[] { "Owner", "Severity", "EscalatedAt", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Owner_Status",
                table: "Escalations",
                columns: new[] { "Owner", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_PrimaryTarget_Status",
                table: "Escalations",
                columns: new[] { "PrimaryTarget", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Severity_EscalatedAt_Status_OverdueFrom",
                table: "Escalations",
                columns: new[] { "Severity", "EscalatedAt", "Status", "OverdueFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Summary_Status",
                table: "Escalations",
                columns: new[] { "Summary", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_TargetEngineering_Order",
                table: "Escalations",
                columns: new[] { "Severity", "EscalatedAt", "Status" },
                filter: "\"TargetEngineering\"");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_TargetL2Support_Order",
                table: "Escalations",
                columns: new[] { "Severity", "EscalatedAt", "Status" },
                filter: "\"TargetL2Support\"");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_TargetLeadership_Order",
                table: "Escalations",
                columns: new[] { "Severity", "EscalatedAt", "Status" },
                filter: "\"TargetLeadership\"");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_TargetProduct_Order",
                table: "Escalations",
                columns: new[] { "Severity", "EscalatedAt", "Status" },
                filter: "\"TargetProduct\"");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Targets_Status",
                table: "Escalations",
                columns: new[] { "Targets", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_TargetSecurity_Order",
                table: "Escalations",
                columns: new[] { "Severity", "EscalatedAt", "Status" },
                filter: "\"TargetSecurity\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Escalations_AccountId_Severity_EscalatedAt_Status",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_ArrAtRisk_Status",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_CustomerName_Status",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_EscalatedAt_Status",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_NextCustomerDueAt_Status",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_NextCustomerOverdueAt_Status",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_NextInternalDueAt_Status",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Owner_Severity_EscalatedAt_Status",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Owner_Status",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_PrimaryTarget_Status",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Severity_EscalatedAt_Status_OverdueFrom",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Summary_Status",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_TargetEngineering_Order",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_TargetL2Support_Order",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_TargetLeadership_Order",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_TargetProduct_Order",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_Targets_Status",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_TargetSecurity_Order",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "OverdueFrom",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "TargetEngineering",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "TargetL2Support",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "TargetLeadership",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "TargetProduct",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "TargetSecurity",
                table: "Escalations");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_EscalatedAt",
                table: "Escalations",
                column: "EscalatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_NextCustomerDueAt",
                table: "Escalations",
                column: "NextCustomerDueAt");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_NextInternalDueAt",
                table: "Escalations",
                column: "NextInternalDueAt");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_PrimaryTarget",
                table: "Escalations",
                column: "PrimaryTarget");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Severity",
                table: "Escalations",
                column: "Severity");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Severity_EscalatedAt",
                table: "Escalations",
                columns: new[] { "Severity", "EscalatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Status",
                table: "Escalations",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Status_ArrAtRisk",
                table: "Escalations",
                columns: new[] { "Status", "ArrAtRisk" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Status_CustomerName",
                table: "Escalations",
                columns: new[] { "Status", "CustomerName" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Status_EscalatedAt",
                table: "Escalations",
                columns: new[] { "Status", "EscalatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Status_NextCustomerDueAt",
                table: "Escalations",
                columns: new[] { "Status", "NextCustomerDueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Status_NextCustomerOverdueAt",
                table: "Escalations",
                columns: new[] { "Status", "NextCustomerOverdueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Status_NextInternalDueAt",
                table: "Escalations",
                columns: new[] { "Status", "NextInternalDueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Status_Owner",
                table: "Escalations",
                columns: new[] { "Status", "Owner" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Status_PrimaryTarget",
                table: "Escalations",
                columns: new[] { "Status", "PrimaryTarget" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Status_Severity_EscalatedAt_NextInternalDueAt_NextCustomerOverdueAt_Targets_CustomerName",
                table: "Escalations",
                columns: new[] { "Status", "Severity", "EscalatedAt", "NextInternalDueAt", "NextCustomerOverdueAt", "Targets", "CustomerName" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Status_Summary",
                table: "Escalations",
                columns: new[] { "Status", "Summary" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Status_Targets",
                table: "Escalations",
                columns: new[] { "Status", "Targets" });
        }
    }
}
