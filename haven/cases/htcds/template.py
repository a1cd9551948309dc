"""Facts copied from IOM's HTCDS 2.0 Excel templates (``standards/htcds/`` in the shared
folder): the case sheet's two header rows and the display labels of its drop-down lists.

"Human Trafficking Case Data Standard (HTCDS) by IOM", CC BY 4.0; no endorsement by IOM is
implied. Only these header and list facts are copied; IOM's macro workbook is not shipped.

Quirks of the template, kept on purpose so files stay compatible with it:

* column A has no code: it holds a running row number (1, 2, ...);
* row 1 (codes) is hidden in the template; row 2 holds the labels people see;
* the code of column T is misspelt ``vic_TraffickinStatusDecisionMakingOrg`` (we write the
  template's spelling and read both spellings);
* column AJ has the label "Reason for Outgoing Referral" but no code;
* the labels of columns N-R are in a different order from their codes (Street/City/State/
  Postal code/Country over City/Country/State/Street/Postal code).
"""

from __future__ import annotations

#: The case sheet's name in IOM's validation templates (the plain template calls it "Sheet1").
CASE_SHEET = "Case Sheet"
#: Row 1 of the case sheet: column codes ("" where the template has none).
HEADER_CODES: tuple[str, ...] = (
    "",
    "cas_CaseOwner",
    "prs_Salutation",
    "prs_FirstName",
    "prs_SecondName",
    "con_Consent",
    "prs_Birthdate",
    "prs_Gender",
    "prs_Citizenship",
    "prs_Title",
    "prs_Email",
    "prs_HomePhone",
    "prs_MobilePhone",
    "prs_MailingCity",
    "prs_MailingCountry",
    "prs_MailingState",
    "prs_MailingStreet",
    "prs_MailingPostalCode",
    "vic_TraffickingStatus",
    "vic_TraffickinStatusDecisionMakingOrg",
    "vic_MethodOfRecruitment",
    "vic_LocationOfRecruitment",
    "vic_MethodsOfControl",
    "vic_TypeOfExploitation",
    "vic_ForcedLabourIndustry",
    "vic_TypeOfSexExploitation",
    "vic_LocationOfExploitation",
    "cas_Status",
    "cas_ReferringOrganisation",
    "cas_IncomingReferralDate",
    "cas_ReferringPrimaryCaseWorker",
    "cas_ReasonForIncomingReferral",
    "cas_IncomingReferralDetails",
    "cas_ReferredOrganisation",
    "cas_ReferredPrimaryCaseWorker",
    "",
    "cas_OutgoingReferralDate",
    "cas_OutgoingReferralDetails",
    "cas_ReasonForCaseClosure",
)
#: Row 2 of the case sheet: the labels, exactly as in the template.
HEADER_LABELS: tuple[str, ...] = (
    "",
    "Case Owner",
    "Salutation",
    "First Name",
    "Second Name",
    "Consent",
    "Birthdate",
    "Gender",
    "Citizenship",
    "Title",
    "Email",
    "Home Phone",
    "Mobile Phone",
    "Mailing Street",
    "Mailing City",
    "Mailing State/Province",
    "Mailing Zip/Postal Code",
    "Mailing Country",
    "Trafficking Status",
    "Trafficking Status Decision Making Organization",
    "Method of Recruitment",
    "Location of Recruitment",
    "Methods of Control",
    "Type of Exploitation",
    "Forced Labour Industry",
    "Type of Sex Exploitation",
    "Location of Exploitation",
    "Status",
    "Referring Organisation",
    "Incoming Referral Date",
    "Referring Primary Case Worker",
    "Reason for Incoming Referral",
    "Incoming Referral Details",
    "Referred Organisation",
    "Referred Primary Case Worker",
    "Reason for Outgoing Referral",
    "Outgoing Referral Date",
    "Outgoing Referral Details",
    "Reason for Case Closure",
)
#: Codes the template spells differently from the standard: template spelling -> standard.
MISSPELT_CODES = {"vic_TraffickinStatusDecisionMakingOrg": "vic_TraffickingStatusDecisionMakingOrg"}

#: Height of the label row and its font in the template.
LABEL_ROW_HEIGHT = 84
LABEL_FONT = ("Arial", 10)

#: The multi-select template's macro joins choices with this separator (``Oldvalue & "; " &
#: Newvalue``); we write it in both formats and read ``;`` with or without spaces.
MULTI_SEPARATOR = "; "

# Display labels of the template's drop-down lists ("validation" sheet), in the order of the
# standard's picklist values, so a file filled in with the template's lists reads back.
LIST_LABELS: dict[str, tuple[str, ...]] = {
    "vic_TraffickingStatus": (
        "Possible victim of trafficking",
        "Actual victim of trafficking",
        "Not a victim of trafficking",
    ),
    "vic_TraffickingStatusDecisionMakingOrg": (
        "Police",
        "NGO",
        "Court or prosecution",
        "Non-police governmental organization",
        "Other",
    ),
    "vic_MethodOfRecruitment": (
        "At a place of business",
        "At an educational institution",
        "At work",
        "Through online social networks",
        "Through an online advertisement",
        "Through a television advert",
        "Through a newspaper advert",
        "Through family or family events",
        "Through friends or social events",
        "Other",
    ),
    "vic_MethodsOfControl": (
        "Physical threats",
        "Threats of law enforcement",
        "Threatens children/family",
        "Debt bondage",
        "False promises",
        "Physical abuse",
        "Sexual abuse",
        "Takes earnings",
        "Restricts financial access",
        "Restricts medical care",
        "Withholds necessities",
        "Psychological abuse",
        "Psychoactive substance",
        "Excessive working hours",
        "Withholds documents",
        "Other",
    ),
    "vic_TypeOfExploitation": (
        "Forced labour",
        "Sexual exploitation",
        "Child labour",
        "Forced marriage",
        "Servitude",
        "Forced military (by non-state actors)",
        "Organ removal",
        "Forced begging",
        "Forced adoption",
        "Surrogacy",
        "Other",
    ),
    "vic_ForcedLabourIndustry": (
        "Agriculture, forestry and fishing",
        "Mining and quarrying",
        "Manufacturing",
        "Electricity, gas, steam and air conditioning supply",
        "Water supply; sewerage, waste management and remediation",
        "Construction",
        "Wholesale and retail trade; repair of motor vehicles and motorcycles",
        "Transportation and storage",
        "Accommodation and food service activities",
        "Information and communication",
        "Financial and insurance activities",
        "Real estate activities",
        "Professional, scientific and technical activities",
        "Administrative and support service activities",
        "Public administration and defence; compulsory social security",
        "Education",
        "Human health and social work activities",
        "Arts, entertainment and recreation",
        "Other service activities",
        "Activities of households as employers; undifferentiated goods- and services- "
        "producing activities of households for own use",
        "Activities of extraterritorial organizations and bodies",
    ),
    "vic_TypeOfSexExploitation": (
        "Prostitution",
        "Pornography",
        "Remote Interactive Services",
        "Private Sexual Services",
    ),
    "vic_Vulnerabilities": (
        "Addiction",
        "Social Group",
        "Discrimination",
        "Poverty",
        "Disability and physical health",
        "Mental health",
        "Migration",
        "Homelessness",
        "Abuse - social media",
        "Abuse - physical",
        "Education",
        "Work environment",
    ),
    "cas_Status": ("Active", "Follow up", "Closed", "Closed Referred"),
}
