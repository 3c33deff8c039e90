using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EscalationDesk.Data.Migrations
{
    /// <inheritdoc />
    public partial class SimilarReportsSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // FTS5 index for Similar reports (Features/Similar); rowid is the escalation id.
            migrationBuilder.Sql("CREATE VIRTUAL TABLE EscalationSearch USING fts5(Summary, Details, tokenize = 'porter unicode61');");
            // Per-term document counts, to search with a record's rarest (most telling) words only.
            migrationBuilder.Sql("CREATE VIRTUAL TABLE EscalationSearchTerms USING fts5vocab(EscalationSearch, 'row');");
            migrationBuilder.Sql("""
                INSERT INTO EscalationSearch(rowid, Summary, Details)
                SELECT Id, Summary,
                       coalesce(json_extract(Content, '$.Understand.WhatsBroken'), '') || char(10) ||
                       coalesce(json_extract(Content, '$.Reproduce.ErrorMessages'), '') || char(10) ||
                       coalesce(json_extract(Content, '$.Reproduce.Actual'), '')
                FROM Escalations WHERE DiscardedAt IS NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE EscalationSearchTerms;");
            migrationBuilder.Sql("DROP TABLE EscalationSearch;");
        }
    }
}
