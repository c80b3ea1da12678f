// /organizacao/pessoas (org admins): the organization's people, invitations, join requests and
// settings, each in its own section (features/admin/people).
import { usePageTitle } from "../../components/usePageTitle";
import { AdminTabs } from "./AdminTabs";
import { useOrganizationSettings } from "./people/api";
import { Invitations } from "./people/Invitations";
import { JoinRequests } from "./people/JoinRequests";
import { OrgSettings } from "./people/OrgSettings";
import { PeopleList } from "./people/PeopleList";
import "./people/people.css";

export default function UsersPage() {
  usePageTitle("Pessoas");
  const organization = useOrganizationSettings();
  return (
    <div className="etp-people">
      <AdminTabs />
      <h1>Pessoas</h1>
      {organization.data?.name ? <p className="etp-people__intro">{`Organização: ${organization.data.name}`}</p> : null}
      <PeopleList />
      <Invitations />
      <JoinRequests domains={organization.data?.domains} />
      <OrgSettings />
    </div>
  );
}
